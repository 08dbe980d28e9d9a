"""Speakers found by reading sentence structure and reference, on invented sentences.

Each row: the text, then the speaker of every quote in order (None: no one named).
"""

from __future__ import annotations

import pytest

from quotesdb.db.review import REVIEW_BELOW
from quotesdb.extract import clean_text, extract_quotes

ROWS: list[tuple[str, list[str | None]]] = [
    # a bare surname that only opens sentences, the subject of the sentence before the
    # pronoun, is who the pronoun means, not the full name of an earlier paragraph
    (
        "Governor Dana Whitlow spoke first and took questions.\n\n"
        "Okonkwo openly admitted that his choice was a gamble. “It was the only way,” he said.",
        ["Okonkwo"],
    ),
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Varga defied the chairman and walked out. “Nobody asked us,” he said.",
        ["Varga"],
    ),
    # a plural noun opening the sentence is no one: the pronoun keeps the person before
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Neighbours complained about the noise. “We will fix it,” he said.",
        ["Paul Brandt"],
    ),
    # an adjective opening the sentence before its noun is no name either
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Bitter remarks are rare in that room. “We will fix it,” he said.",
        ["Paul Brandt"],
    ),
    # a subject pronoun in the opener's own clause ("Critics say that he") is someone else
    (
        "Mayor Tom Rudd spoke on Monday.\n\n"
        "Dunmore says that he wants more. “We need the money,” Rudd said.",
        ["Tom Rudd"],
    ),
    # a full sentence carrying on the speaker is speech, however many names it capitalises
    (
        "“Only two people can pull that off,” said Rick Dunn, a strategist. “That’s Ann Ray "
        "and Bo Dee.”",
        ["Rick Dunn", "Rick Dunn"],
    ),
    # ... but a title after the quote, with no full stop of its own, stays no one's words
    (
        "“We love the old shows,” said Rick Dunn, a producer. “Sons of the Valley”",
        ["Rick Dunn", None],
    ),
    # a first name the census lists lack, opening the paragraph with an appositive: the
    # pronoun after it means that person
    (
        "Senator Ann Ray spoke.\n\nKofi Mensah, a Dayton native and nursing graduate, "
        "owes money. At 29 years old, he still lives at home.\n\n“Who wants that?” he said.",
        ["Kofi Mensah"],
    ),
    # ... but a common word opening a sentence is no first name
    (
        "Senator Tom Ray spoke.\n\nNeither Mensah, a nurse, nor the doctor came. He was "
        "alone.\n\n“Who wants that?” he said. Neither answered.",
        ["Tom Ray"],
    ),
    # a headline's verb after a first name is no surname ("Kelly Is Back")
    (
        "Zbigniew Kelly Is Back In Town With Plans\n\n“We are home,” Kelly said on Monday.",
        ["Kelly"],
    ),
    # an inverted tag closing the sentence, past the school or office before the role
    (
        "Lee “won the mill towns” in 2010, said Dayton State University historian Ann Roe.",
        ["Ann Roe"],
    ),
    # the role noun, then the name's own title: "spokesman Navy Capt. Jo Lin"
    (
        "“Nothing has changed for us,” said Pentagon spokesman Navy Capt. Jo Lind, who was "
        "asked about the plan.",
        ["Jo Lind"],
    ),
    # a long title before the name belongs to it, not to the gap after the verb
    (
        "“That is what he did in 2008,” said former Ohio Gov. and National Farm Bureau "
        "Federation Chairman Ed Rollins. “Turnout is what matters.”",
        ["Ed Rollins", "Ed Rollins"],
    ),
    # a time between subject and verb: "later Thursday", "on Friday"
    (
        "Tom Prieto later Thursday told Fox News: “Both men are meeting next week.”",
        ["Tom Prieto"],
    ),
    ("Ann Vega on Friday said: “The budget is fine.”", ["Ann Vega"]),
    # a stray comma after the party and state
    (
        "Senator Jack Reel (D-R.I.), said on Tuesday that he had not read the plan, but called "
        "it a “starting point for our talks.”",
        ["Jack Reel"],
    ),
    # an object pronoun before the verb is no subject
    (
        "Ann Vega spoke. The groups who wrote to her on Thursday say they are “worried about "
        "the mixed messages of the campaign.”",
        [None],
    ),
    # an opening mark typed where the closing one belongs, after a word and before a space
    (
        "“It is unusual,“ said Larry Nolan, an attorney. “It is a hard thing to do.”",
        ["Larry Nolan", "Larry Nolan"],
    ),
    # ... while one after a space still opens a quote
    (
        "The mayor, Tom Lee, said the plan was “a good first step for the city” and Ray "
        "Dunn said “no way at all to do it.”",
        ["Tom Lee", "Ray Dunn"],
    ),
    # three marks: a quote inside a quote closing with the quote, in the archive's doubled
    # single marks; and opening both before a word
    (
        "''I would use the word 'plain,''' said Greg Slate, a donor. ''Humility is what I love.''",
        ["Greg Slate", "Greg Slate"],
    ),
    ("And Tom Lee said, '''Ledger' is the word we used,'' in May.", ["Tom Lee"]),
    # a doubled-single closing mark typed after a space, behind the quote's comma
    (
        "''The reason is that he built coalitions, '' said Mr. Gunn, an aide. ''He sees "
        "himself as fighting for workers.''",
        ["Gunn", "Gunn"],
    ),
    # ... and one after a space before a word still opens
    ("Ann Vega said, ''The budget is fine for now.''", ["Ann Vega"]),
    # a frequency adverb between subject and verb
    (
        "Ann Vega spoke last.\n\n“It is clear the plan fails,” she often says. “It always has.”",
        ["Ann Vega", "Ann Vega"],
    ),
    (
        "Senator Tom Masse used to back the plan, but now said it had “no chance at all to pass "
        "this year.”",
        ["Tom Masse"],
    ),
    # coordinated participles share the subject named before the first
    (
        "Critics chimed in, with Tom Reed posting that the plan was late and asking, “Who "
        "will pay for all of it?”",
        ["Tom Reed"],
    ),
    # a chain of phrases after the name: the verb's subject is the name that heads it
    (
        "As Bishop Tom Ladd of the Coptic Patriarchate of Cairo told the paper, “We have "
        "suffered the same fate.” He added, “The city should have been first.”",
        ["Tom Ladd", "Tom Ladd"],
    ),
    (
        "As Archbishop Aris Tamrazian told the paper, “We have suffered the same fate.”",
        ["Aris Tamrazian"],
    ),
    # a sentence-opening surname that speaks is the talker of its sentence, over a person
    # named after the verb
    (
        "Senator Tom Vega spoke at the rally.\n\nOkafor said the bus left Vega behind."
        "\n\n“It happens every single time,” he said.",
        ["Okafor"],
    ),
    # a pronoun reaches past a paragraph that names no one but has someone speak ("the
    # front-runner said"): the person before it
    (
        "“We are not winning yet,” Vega said on Sunday.\n\nThe Democratic front-runner and "
        "former state treasurer said the city needed a new plan.\n\n“I think you will hear "
        "that from the mayor,” she said.",
        ["Vega", "Vega"],
    ),
    # ... but not past a paragraph of no speech
    (
        "“We are not winning yet,” Vega said on Sunday.\n\nThe rain fell all night on the "
        "flooded river town.\n\n“I think you will hear that from the mayor,” she said.",
        ["Vega", None],
    ),
    # "went on" closing the tag, or "went on about": speech; "goes on recess" is not
    (
        "Ann Vega spoke last.\n\n“It is a bit concerning to me,” she went on.",
        ["Ann Vega"],
    ),
    (
        "“You know, it happens, right?” Tom Dell went on, as if he had not heard. “But you "
        "get over it.”",
        ["Tom Dell", "Tom Dell"],
    ),
    (
        "Senator Tom Dell said that once the Senate goes on recess, “I intend to do as much "
        "as I can.”",
        ["Tom Dell"],
    ),
    # a long fronted clause holds no subject of the main clause
    (
        "After former Ohio Gov. Jerry Bowen criticized Bill Dunn during a debate on Monday, "
        "Hillary Dunn shot back, “I suppose I could have stayed home and baked cookies.”",
        ["Hillary Dunn"],
    ),
    (
        "When Tom Ladd asked about the budget at the very end of the long meeting, Ann Vega "
        "said: “Nobody will pay for it.”",
        ["Ann Vega"],
    ),
    # a long title, small words in lower case, a subtitle after a colon: no one's words
    (
        "“Err on the side of caution,” said Jim Mill, a co-author of “Those Guys Have All the "
        "Fun: Inside the World of Sports Radio.”",
        ["Jim Mill", None],
    ),
    ("Dell: ‘We Are Going To Go All The Way To Dayton and Win The Nomination.’", [None]),
    # an organisation's name ending in an abbreviation's dot is still the verb's subject
    (
        "Dunmore Steel Inc. said in a statement that it “deeply regrets the error.”",
        ["Dunmore Steel Inc"],
    ),
    # a possessive pronoun opening a sentence is no subject: "his cousin Jim Yoder" is
    (
        "One of the men, Jesse Elkin, 70, said the plan would fail. The other man, his cousin "
        "Jim Yoder, 40, cited the cost. “He's talking too much trash,” he said.",
        ["Jim Yoder"],
    ),
    # the first quote of a paragraph, untagged, is the words of the previous sentence's
    # subject, a person for sure
    (
        "Senator Ann Vega touted her record as a sponsor of the bill. “We need to protect "
        "workers who want a union.”",
        ["Ann Vega"],
    ),
    # ... not of a subject no title, first name or speech verb makes a person
    (
        "Dunmore Aerospace expanded its plant in May. “This is a new era for the valley.”",
        [None],
    ),
    # a dash closing the clause before the quote, as a colon or a comma does
    (
        "Tom Dell also embraced the harsher methods -- “I think they are nothing compared to "
        "what they do to us.”",
        ["Tom Dell"],
    ),
    # a name right before the colon introduces the quote when no person opens the clause
    (
        "The timing of the surge does not surprise pollster Dara Shawn: “Late contests give "
        "the biggest boost.”",
        ["Dara Shawn"],
    ),
    ("A last word from Jeffrey M. Jonas: “The state is a starting point.”", ["Jeffrey M. Jonas"]),
    # ... but a subject opening the clause keeps it, and a byline's name does not speak
    (
        "Tom Dell attacked Senator Ann Vega: “She has no plan at all for the town.”",
        ["Tom Dell"],
    ),
    ("“Club to close in May,” by Times’ Ben Sosa: “The club will close.”", [None, None]),
    # the passive's agent asks, behind role words, however far the verb before the quote
    ("Tom Dell was asked by host Bill Mahr, “Has it changed?”", ["Bill Mahr"]),
    (
        "Tom Dell was asked by host Bill Mahr, who backs Dell but has previously dismissed the "
        "story, “Now, you said you were tired of it, has it changed?”",
        ["Bill Mahr"],
    ),
    ("Tom Dell was asked, “Has it changed?”", [None]),
    # a height's inch sign inside the quote is no closing mark
    (
        "“He is taller than me; he is like 6’2”,” Ray Lott said on Sunday. “His hands are "
        "the size of someone who is 5’2”. You cannot trust them.”",
        ["Ray Lott", "Ray Lott"],
    ),
    # ... and a long fronted phrase
    (
        "Amid calls from some readers to build websites that would name every last one of "
        "them, The Ledger’s Matt Wahl defended the list, saying it is needed to “name the "
        "traitors and remember them.”",
        ["Matt Wahl"],
    ),
    # "Like X, Y …": the comparison fronts the clause; Y is its subject
    (
        "Like Senator Bob Cork, Senator Rob Menn also rejected the notion that the town "
        "could pull out, arguing that there is “room for the mayor to decide.”",
        ["Rob Menn"],
    ),
    # a speech verb in a subordinate clause the comma closes before the quote does not
    # govern it; the speech verb before the clause does
    (
        "Mrs. Ann Clay said that when Ms. Jo Warne railed against the banks from the Senate, "
        "“she is speaking for all of us.”",
        ["Ann Clay"],
    ),
    # ... while a quote inside the subordinate clause is its own verb's
    (
        "Ray Dunn said the plan fails, while Tom Dell said that the “stakes are too high” for "
        "the town.",
        ["Tom Dell"],
    ),
    # a name right before "writing" that no title, first name or verb makes a person is
    # where, not who: the clause's subject writes
    (
        "Ann Vega answered the question on Ledgerline Facebook writing, “Yes, I will. That "
        "was a poor choice of words.”",
        ["Ann Vega"],
    ),
    # a closing mark typed to open, after a space and before a word, with no quote open
    (
        "Bill Mills told the paper that aides would not let the staff ”get close to the "
        "senator on the things that he needed.”",
        ["Bill Mills"],
    ),
    # a bare surname is not the first word of a name that is no person's ("Zorbas Express")
    (
        "Fans of the Zorbas Express crowded the hall.\n\nTo wit, Zorbas told the radio that the "
        "mayor “had a crazy plan that was doomed.”",
        ["Zorbas"],
    ),
    # ... while a person's family name may open the name ("Xi" is President Xi Jinping)
    (
        "Chinese President Xi Jinping met the delegates.\n\nXi told them the road was “a "
        "golden opportunity for all of us.”",
        ["Xi Jinping"],
    ),
    # a long adjunct after the closing tag's verb is no clause of its own
    (
        "Guns are “the ultimate public health crisis” and “stunt the growth of children,” "
        "Howard Deen, the former governor of Vermont, proclaimed to a cheering crowd at the "
        "party convention in Dayton on Tuesday.",
        ["Howard Deen", "Howard Deen"],
    ),
    # a name modifying a role noun before another name is not the one a pronoun means
    (
        "Senator Tom Vega spoke first.\n\nVega consultant Cornel Belk, the top pollster, "
        "picked up the thread. “Voters see that they have a lot in common,” he said.",
        ["Cornel Belk"],
    ),
    # ... but a subject whose verb and object follow it stays the subject
    (
        "Tom Vega met senator Bill Ray on Monday. “We need more time,” he said.",
        ["Tom Vega"],
    ),
    # the plural of a title or of a noun for people is no surname
    ("Some Democrats said the vote was “a disaster for the whole county and the state.”", [None]),
    # a vice president is not "the president" a role noun refers to
    (
        "Vice President Joe Bidden spoke in May.\n\nBill Clanton got in on the game on "
        "Monday. “The gentleman running against my wife is running against me,” the former "
        "president said.",
        ["Bill Clanton"],
    ),
    # after a chain of fronted phrases, the main clause's subject says a woven fragment
    (
        "In January, Tom Obana conceded he had fallen short. And a few weeks later, on the "
        "steps of the statehouse, where he had first run for office, Mr. Obana expressed a "
        "deep regret for “my inability to reduce the meanness in our politics.”",
        ["Tom Obana"],
    ),
    # a verb the lexicon lacks before a determined noun phrase, then the name set off
    (
        "“It is about time we had a woman running this country,” exhorted Ray’s "
        "introducer, actress Jamie Lee Curt.",
        ["Jamie Lee Curt"],
    ),
    # an inverted tag's determined noun phrase running into the name ("added his campaign
    # manager Jeff Weber"): the name speaks, not the owner
    (
        "Senator Ben Sands spoke first.\n\n“We are going to chip away at the lead,” added his "
        "campaign manager Jeff Weber, speaking to CNN.",
        ["Jeff Weber"],
    ),
    # the speaker closing the sentence behind an organisation and a role noun
    (
        "Given his success, his endorsements will carry “a great deal of weight” in the fall, "
        "DFA spokesman Neil Sroka said.",
        ["Neil Sroka"],
    ),
    # a modal between subject and verb ("may have said")
    (
        "Ed Kray may have said it best in his column: “The race is as close to settled as "
        "this cycle will see.”",
        ["Ed Kray"],
    ),
    # the tag after a question opens the next quote; a speech verb before this one keeps it
    (
        "Ann Clay responds to Mills with, “Why now? That was on my way to Lima?” Mills then "
        "writes back, “You look cute.”",
        ["Ann Clay", "Mills"],
    ),
    # ... while a question with no lead of its own is still the tag's
    ("“Why now?” Tom Dell asked, “Why not wait until June?”", ["Tom Dell", "Tom Dell"]),
]


@pytest.mark.parametrize(("text", "speakers"), ROWS)
def test_reading(text: str, speakers: list[str | None]) -> None:
    cleaned = clean_text(text)
    quotes = extract_quotes(cleaned)
    assert [q.speaker for q in quotes] == speakers
    assert all(q.text == cleaned[q.start : q.end] for q in quotes)


# (text, speaker of the first quote, its description)
DESCRIBED: list[tuple[str, str, str]] = [
    # lower-case modifiers inside the title run before a name belong to the description,
    # and the name after them still opens its sentence as the subject
    (
        "Republican presidential candidate Tom Dell quickly took to the radio, saying: "
        "“Another bad week for the county.”",
        "Tom Dell",
        "Republican presidential candidate",
    ),
    (
        "“We built a strong team in each state,” said Clinton campaign manager Rob Mack.",
        "Rob Mack",
        "Clinton campaign manager",
    ),
    # the determiner's whole noun phrase, as before
    (
        "“We start on Monday,” said the new county chairman Ann Roe.",
        "Ann Roe",
        "new county chairman",
    ),
    (
        "“We start on Monday,” said longtime party chairman Ann Roe.",
        "Ann Roe",
        "longtime party chairman",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "description"), DESCRIBED)
def test_description(text: str, speaker: str, description: str) -> None:
    first = extract_quotes(clean_text(text))[0]
    assert (first.speaker, first.speaker_description) == (speaker, description)


def test_a_quote_after_its_subjects_sentence_waits_for_review() -> None:
    """The subject of the sentence before an untagged quote says it, but with no tag of
    its own the attribution goes to the review queue."""
    [quote] = extract_quotes(
        clean_text("Ann Lee said that the vote was over. “No ballots are left.”")
    )
    assert quote.speaker == "Ann Lee"
    assert quote.confidence is not None and quote.confidence < REVIEW_BELOW
