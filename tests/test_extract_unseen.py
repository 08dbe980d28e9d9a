"""Attribution classes found by reading the errors on PolNeAR train, on sentences written
for the tests (issue 31): each row is one construction, not one article's wording.

Each row gives who speaks (or None) for every quote and, where it gives one, a word the
first speaker's description must hold.
"""

from __future__ import annotations

import pytest

from quotesdb.db.review import REVIEW_BELOW
from quotesdb.extract import clean_text, extract_quotes

# (text, [speaker of each quote, in order], word the first speaker's description holds)
ROWS: list[tuple[str, list[str | None], str | None]] = [
    # an appositive opening with a possessor or a proper modifier, between subject and verb
    (
        "Ray Dunn, Baker's chief strategist, said that the vote would be “decided by the "
        "delegates who are still free.”",
        ["Ray Dunn"],
        "strategist",
    ),
    (
        'Mia Holt, Harvard law professor, said, "The ruling will not stand for long."',
        ["Mia Holt"],
        "professor",
    ),
    (
        "Lena Diaz, the Ledger’s chief economist, told the panel, “Prices will fall.”",
        ["Lena Diaz"],
        "economist",
    ),
    # … but a second name set off by commas is the subject itself, not an appositive
    ('After meeting Ann Lee, Tom Ray, the mayor, said, "It went well."', ["Tom Ray"], "mayor"),
    # a fronted phrase with a clause of its own, then the subject with its appositive
    (
        "At Lake Club, where it costs new members a lot to join, Jay Dee, the club's "
        "president, suggested that the trouble came from “the business of selling houses.”",
        ["Jay Dee"],
        "president",
    ),
    # … while a name set off inside a description is no subject
    ('Ann Lee, the wife of Tom Ray, said, "We are done."', ["Ann Lee"], "wife"),
    # an aside in dashes between the subject and its verb
    (
        "On Friday, Ted Moss — named by the paper as the top choice for the post — told "
        "reporters, “You have to look at it very seriously.”",
        ["Ted Moss"],
        None,
    ),
    (
        "Ted Moss -- who had kept quiet for weeks -- told the crowd, “I will not run.”",
        ["Ted Moss"],
        None,
    ),
    # a relative clause's speech verb: the name right before "who" speaks, even inside a
    # prepositional phrase
    (
        "Cole won the backing of Tom Lee, who declared at the fair, “It is time to unite.”",
        ["Tom Lee"],
        None,
    ),
    (
        "The loss was steep for Ann Cole, who said she would “take a day off and come back "
        "stronger.”",
        ["Ann Cole"],
        None,
    ),
    # role words, the last capitalised, between an organisation and the name that speaks
    (
        "“The courts have failed,” said ACLU executive Director Ann Romero in a statement.",
        ["Ann Romero"],
        None,
    ),
    # a place, party or group, then a noun for a person, then the name that speaks
    (
        '"We are all props," said Lyle delegate Beau Crane, angered by the vote.',
        ["Beau Crane"],
        "Lyle delegate",
    ),
    ('"I cannot vote for him," said Dover resident Whit Sims.', ["Whit Sims"], "resident"),
    (
        '"They waste money," said Oversight ranking Democrat Eli Cole (D-Md.).',
        ["Eli Cole"],
        None,
    ),
    # an organisation's name with "for" or "of" inside it, between the name and the verb
    (
        '"Building one would be a stretch for them," Jeff Lowe of the Martin Center for Arms '
        "Studies wrote in an email.",
        ["Jeff Lowe"],
        None,
    ),
    # an unlisted past-tense verb after a question closes the quote as a comma does
    (
        "Tom Hale spoke first. “What sport is he talking about?” reacted Hale.",
        ["Tom Hale"],
        None,
    ),
    # the passive: the one asked does not speak; "by X" names who asked
    (
        "Ann Cole was asked, “If you had known, would you have told her?” She answered, "
        "“I have no idea. We are old friends.”",
        [None, "Ann Cole"],
        None,
    ),
    (
        "Ann Cole was asked by Daily Planet moderator Tom Reed whether the plan would risk "
        "“adding another tax to an already heavy burden.”",
        ["Tom Reed"],
        "moderator",
    ),
    # a text as the subject after the quote speaks for no person named before it
    (
        "Tom Obi wrote a column. “As a gesture, it was unprecedented,” the column noted.",
        [None],
        None,
    ),
    (
        "Pat Wynn worked at the firm for eight years. He was “a respected and well liked "
        "colleague,” the statement added.",
        [None],
        None,
    ),
    # a stray full stop before the tag: a name, a speech verb and the sentence's end
    (
        "The mayor spoke on Wednesday. “Send us the files.” Tom Reed said on Monday.",
        ["Tom Reed"],
        None,
    ),
    # … but a name opening a sentence of its own after the quote does not speak it
    (
        "Ann Lee spoke. “I am done.” Tom Reed said the mill would close by the end of the "
        "year because of the storm.",
        [None],
        None,
    ),
    # a pronoun and a past-tense verb the lexicon lacks, closing the sentence
    (
        'Brad Lowe, 39, worried about the vote. "People fear wasting a vote," he surmised.',
        ["Brad Lowe"],
        None,
    ),
    # a common word capitalised at a sentence's start is no first name before a surname
    (
        "Roger Stone spoke at the rally. He continued for an hour.\n\n"
        "Continued Stone: “So I think it is a very real problem.”",
        ["Roger Stone"],  # and "Continued" opens the sentence as a speech verb
        None,
    ),
    # … a title is kept
    (
        "General Jon Allen led the army. In general, he is quiet.\n\n"
        "“We will hold the line,” General Allen said.",
        ["Jon Allen"],
        "General",
    ),
    # a name as the modifier of a role noun before the name that acts
    (
        "Cole aide Mia Lund wrote that the plan was “a mess from start to finish.”",
        ["Mia Lund"],
        None,
    ),
    # a quote after "entitled" is a title
    (
        "Jon Favre, a former speechwriter, published a column, entitled, “Why electing Ann "
        "matters.”",
        [None],
        None,
    ),
    # "Said X, …," before the quote: the inverted verb opening the sentence
    (
        "The home is a museum now. Said Dora Poynt, who grew up with him in the "
        "neighborhood, “We were all so proud of him.”",
        ["Dora Poynt"],
        None,
    ),
    # a woven quote in the next sentence, with no subject of its own, goes on with the
    # words of the speaker just named
    (
        "“We were not happy when it was announced,” said Jock Finn, head of policy at the "
        "council. Now, “within the business community there is a big group saying it is fine.”",
        ["Jock Finn", "Jock Finn"],
        None,
    ),
    (
        "“It is ambush journalism,” Deb Reyes says. It's “this new in-your-face journalism.”",
        ["Deb Reyes", "Deb Reyes"],
        None,
    ),
    # … not a sentence with a subject of its own, named or not
    (
        "“We thought he was rude,” said Hiro Aida. The mayor later called the plan “a waste "
        "of good money.”",
        ["Hiro Aida", None],
        None,
    ),
    # any speech verb opening its sentence before the name, the quote after a colon, in the
    # next paragraph too
    (
        "Roger Stone spoke on the radio on Monday.\n\nStated Stone:\n\n“I think the "
        "stakes are so high that they would do anything.”",
        ["Roger Stone"],
        None,
    ),
    ("Wrote Ann Lee, a nurse from Ohio: “We were never told.”", ["Ann Lee"], None),
    # a possessive pronoun opening the sentence is no subject: the noun it owns is
    (
        "Ann Cole was pleased. Her campaign quickly sent out an email stating, “The speaker "
        "joins a growing list of critics.”",
        [None],
        None,
    ),
    (
        "Ann Cole was pleased. She quickly sent out an email stating, “The speaker joins a "
        "growing list of critics.”",
        ["Ann Cole"],
        None,
    ),
    # "as she puts it"
    (
        "Mayor Ann Cole likes the board. That is because, as she puts it, “the best thing "
        "we have going for us” is that rates are low.",
        ["Ann Cole"],
        None,
    ),
    # an -s noun after a preposition is no speech verb; a naming verb's long object
    (
        "In somber comments, Ann Cole called the storm that destroyed five homes in the "
        "valley last week “an attack on our town.”",
        ["Ann Cole"],
        None,
    ),
    # a verb the lexicon gained ("boomed", "blogged")
    (
        "Smiling, Ann Cole thanked the town and then boomed, “You proved there is no place "
        "like home.”",
        ["Ann Cole"],
        None,
    ),
    (
        "Tom Pike put it best when he blogged: “The mayor is as close to a chosen candidate "
        "as this town will see.”",
        ["Tom Pike"],
        None,
    ),
    # web pages (issue 30's quote-rich pages): an article and an adjective before the name
    # after the verb describe the speaker, who is named
    (
        "“We cannot keep the bridge open much longer,” said a skeptical Lena Marsh, the "
        "board's new chair.",
        ["Lena Marsh"],
        "chair",
    ),
    # a title with its initials and jurisdiction before the name
    (
        "“The ring was built on secrecy,” U.S. Attorney Tom Brell said during a briefing.",
        ["Tom Brell"],
        "U.S. Attorney",
    ),
    (
        "“The ring was built on secrecy,” acting U.S. Attorney for Vermont Tom Brell said.",
        ["Tom Brell"],
        "Attorney for Vermont",
    ),
    # a name with a hyphened particle
    (
        "“The risk of escalation is real,” Amira al-Sayed, a minister of state for trade, "
        "told a conference.",
        ["Amira al-Sayed"],
        "minister",
    ),
    # a lower-case particle inside a name keeps it a person's, whom a later pronoun means
    (
        "Mayor Tom de Vries indicated this week that closures might be needed.\n\n"
        "“The old quarry is the only place we have,” he said.",
        ["Tom de Vries"],
        "Mayor",
    ),
    # "Chief Executive" is a title, not the first word of a name
    (
        "“The results will be devastating,” Microsoft Chief Executive Tom Brell said.",
        ["Tom Brell"],
        "Chief Executive",
    ),
    # a text in the British style, with straight single marks and no double ones: they
    # quote, while apostrophes (children's, the '90s) and a plural's mark do not
    (
        "'We will not lower our standards for the children's sake,' said Tom Brell, the "
        "trade secretary.\n\nThe farmers' union backed him. 'It is the right call,' said "
        "Ann Lee.",
        ["Tom Brell", "Ann Lee"],
        "trade secretary",
    ),
    # … while in a text that quotes with double marks, straight singles are titles and nests
    ("“It is fine,” Tom Brell said.\n\nThen 'Pretty cool' came up again.", ["Tom Brell"], None),
    # a participle with its "by", set off by a comma, describes the statement; the verb
    # before it speaks
    (
        "Councillor Ayesha Anwar resigned on Monday.\n\nAnwar said in a statement, first "
        "reported by the Ledger: “I joined the party because of its values.”",
        ["Ayesha Anwar"],
        None,
    ),
    # a surname that is also a title word ("King") names the person called so before;
    # "the King" stays an office
    (
        "Tom King ran for the seat.\n\n“I don’t expect anyone to hand me anything,” said "
        "King, who resigned last week.",
        ["Tom King"],
        None,
    ),
    (
        "Tom King ran for the seat. The King toured the town.\n\n“It went well,” said the King.",
        [None],
        None,
    ),
    # a place then an article with no comma between: the article opens the next clause's
    # subject, so "Fort Dunmore, Ohio" is no person with a description
    (
        "Tom Baxter held rallies across the state this spring. After his rally in Fort Dunmore, "
        "Ohio the candidate went a step further. “Many of the people there were paid,” he "
        "said on June 4.",
        ["Tom Baxter"],
        None,
    ),
    # a nickname quoted inside a name is no quote, and the name reads whole around it
    (
        "Juan “Chico” Mendez of Oakland carried one of the photos. “I cried the whole "
        "parade,” he said.",
        ["Juan Mendez"],
        None,
    ),
    (
        "State Del. Marcia “Cia” Lowe spoke first. “This is a big year for us,” Lowe said.",
        ["Marcia Lowe"],
        None,
    ),
    # … but an article opens no nickname: a headline's quoted words stay a quote
    ("Tom Cole Calls Hillary “A Disgrace” To The Party.", [None], None),
    # an -s form with no subject of its own ("said states", "because states", ", that
    # states") is a plural noun, not a speech verb whose subject takes the quote
    (
        "Tom Reed said on Thursday, in Lyle, that states can pass such laws because “men "
        "should not be going there with little girls.”",
        ["Tom Reed"],
        None,
    ),
    ("Senator Tom Reed said states “can pass such laws whenever they like.”", ["Tom Reed"], None),
    # … while a relative's "that states" is still the verb, with no one named to say it
    ("The bill, which states that “every child must be counted,” passed on Monday.", [None], None),
    # a number word or an -ly adverb opening a sentence before a known surname is no
    # first name ("Six Tremp supporters", "Interestingly Blicher")
    (
        "Tremp said on Monday that he had won. Six Tremp supporters ran for delegate slots.\n\n"
        "“Look at what happened in Wyoming,” Tremp told supporters.",
        ["Tremp"],
        None,
    ),
    (
        "The rise of Christoph Blicher changed the party. Interestingly Blicher, a wealthy "
        "industrialist, became its voice. After the defeat, Blicher stated that the party "
        "“must be careful not to launch an initiative every time.”",
        ["Christoph Blicher"],
        "industrialist",
    ),
    # a role word opening a capitalised run describes the name after it, census first
    # name or not
    (
        "Reporter Jomira Halabi told the anchor, “The streets are empty tonight.”",
        ["Jomira Halabi"],
        "Reporter",
    ),
    # a nationality's adjective names no one: not before a plural noun after "the" (so no
    # later "he" means it), not as the office of "a Chinese official"
    (
        "Admiral Tom Harris leads the fleet. That insistence on his identity makes the "
        "Chinese comments particularly galling to him.\n\n“In some respects, they try to "
        "demonize me, and that is ugly,” he said.",
        ["Tom Harris"],
        "Admiral",
    ),
    (
        "A Chinese official responded by saying the islands should be careful “not to "
        "interfere and stir up problems” in the waterway.",
        [None],
        None,
    ),
    # after a quantifier a capitalised word is a plural noun that says things, no surname
    (
        "Here is what many more Latinos said this year.\n\nIn a conversation about the "
        "project, the host discussed the absence of Latinos in history class. “Just imagine, "
        "you’re a kid in that class,” he said.",
        [None],
        None,
    ),
    # an as-clause whose verb is one of saying introduces the quote after its comma: its
    # subject speaks, past an appositive holding a quoted title
    (
        "As Dara Quell, professor of law at Lyle and author of “The Quiet Rules,” put it, "
        "“Senators should remember that a compromise is possible.”",
        [None, "Dara Quell"],
        None,
    ),
    (
        "As the columnist Louella Marsh had written a few years earlier, “We just could not "
        "have the industry without him.”",
        ["Louella Marsh"],
        "columnist",
    ),
    # … but not a topic ("As for"), nor a clause whose verb has a subject of its own
    (
        "Ann Cole spoke. As for Lee’s ability to deflect attacks, she said, “The vetting has "
        "not even begun.”",
        ["Ann Cole"],
        None,
    ),
    ("Ann Cole spoke. As Freddy Lee stumbled, Ann Cole said, “I watched him.”", ["Ann Cole"], None),
    # a given name set off after a relation ("Cray's son, Grant,", "Her father, Brad, 39,")
    # is that person, called by the first name: the subject, and a later pronoun's antecedent
    (
        "Paul Cray's son, Grant, defended his father Tuesday on Facebook, saying: “And while "
        "he is not perfect, he has made great strides.”",
        ["Grant"],
        None,
    ),
    (
        "Aubrey Pell, 14, hoisted a sign. Her father, Brad, 39, worried that too many voters "
        "limit the news they read.\n\n“People are afraid of wasting their votes,” he surmised.",
        ["Brad"],
        None,
    ),
    (
        "But his wife, Jane, offered a preview of his thinking in an interview.\n\n“If he is "
        "elected, he wants to keep this movement going,” she said.",
        ["Jane"],
        None,
    ),
    # a particle joined by a hyphen ends a name ("Anwar al-Rafi"): a person, whom the
    # capitalised surname alone and a later pronoun then mean
    (
        "Before the speech, the cleric Anwar al-Rafi, who was killed in 2011, is shown "
        "lecturing.\n\nFootage of Al-Rafi again appears. “The West will turn against its "
        "citizens,” he says.",
        ["Anwar al-Rafi"],
        "cleric",
    ),
    # a woven fragment in a sentence with no one of its own goes on with the tag closing
    # the sentence before ("…, Hemsley said. Good information wins only when “…”")
    (
        "Jeff Hemsley studies rumors.\n\nThis makes it hard to dislodge misinformation, he "
        "said. Good information can still drive out bad, but usually only when “the truth is "
        "sexier than the lie.”",
        ["Jeff Hemsley"],
        None,
    ),
    # … but not when the sentence names someone else before the fragment
    (
        "This makes it hard to dislodge misinformation, Jeff Hemsley said. Ann Cole thinks "
        "good information wins only when “the truth is sexier than the lie.”",
        ["Ann Cole"],
        None,
    ),
    # a name in a phrase after "of The …" is not the subject; the person it hangs on is
    (
        "George Zorn of The Lyle Review wrote, “If you want people to know you care, you "
        "have to show it.”",
        ["George Zorn"],
        None,
    ),
    # a participle and its phrase after a quote ("“…” offered at the gathering") is no
    # inverted tag: the speech verb before the quote keeps it
    (
        "The Lyle campaign spokesman Sean Coit said the candidate sees the convention as a "
        "chance to show a positive vision, in contrast to “the divisive, doom and gloom "
        "fear-mongering” offered at the Lyle Party gathering.",
        ["Sean Coit"],
        "spokesman",
    ),
    # "what X called “…”": the free relative names the quote, so its subject speaks, not
    # the subject of the clause after it
    (
        "In 2009, under what Mr. Tom Hedge called “the prior economy model,” the Lyle "
        "Country Club, a private course, charged a large fee.",
        ["Tom Hedge"],
        None,
    ),
    (
        "Ann Cole spoke at noon. The city, she said, is in what she called “a revolutionary "
        "mood,” and the council agreed.",
        ["Ann Cole"],
        None,
    ),
    # a quote running on from a paragraph opened with a straight mark goes on only in a
    # paragraph opened with a straight mark: a curly one opens a quote of its own
    (
        'Tom Lee reports:\n\n"Ann Cole thought the whole thing was outrageous. She was '
        "anxious, sure.\n\n“It never crossed my mind that I was losing it,” she said months "
        "later.",
        ["Tom Lee", None],
        None,
    ),
    # a day between the subject and its verb ("Tramp on Thursday ratcheted up …, saying")
    (
        "Donald Tramp on Thursday ratcheted up his attacks on Rubin, saying he is “weak on "
        "illegal immigration, you know that.”",
        ["Donald Tramp"],
        None,
    ),
    # "with X <adverb> <participle of saying>": the absolute phrase's subject speaks, past
    # the adverb
    (
        "At a rally on Saturday, his supporters kicked a protester, with Tom Tramp reportedly "
        "yelling: “Get him the hell out of here!”",
        ["Tom Tramp"],
        None,
    ),
    (
        "Ted Cruse and Tom Tramp have used the most aggressive language, with Cruse recently "
        "promising to “carpet bomb them into oblivion.”",
        ["Ted Cruse"],
        None,
    ),
    # "… so subdued that Mr. Lee was prompted to say, “…”": the infinitive hangs on a verb
    # whose subject is in a clause of its own, right before it
    (
        "But much of the debate was so subdued that Mr. Tom Tramp was prompted to say, “So "
        "far, I cannot believe how civil it has been.”",
        ["Tom Tramp"],
        None,
    ),
    # a paragraph ending in a colon: the subject opening its last clause, after a dash,
    # introduces the quote below, however the sentence began
    (
        "Ted Cruse won the night.\n\nThat is, when the moderators yielded to the temptation "
        "of snark—and Lordy, do we know how tempting that can be!— Cruse called them on it:"
        "\n\n“The questions asked in this debate illustrate why people don’t trust the media.”",
        ["Ted Cruse"],
        None,
    ),
    # "according to the Lyle Times, “…”": the paper the article opens with "the" speaks
    (
        "According to the Lyle Times, “the campaign spent a million dollars on the ads this week.”",
        ["Lyle Times"],
        None,
    ),
    # a sentence opened by a participle of saying ("Adding, “…”") goes on with the speaker
    # of the quote before it in its paragraph
    (
        "Later in the show, Bill Mayer stated of the scandal that the report “wasn’t good.” "
        "Adding, “Now, like with all scandals, what they do is never that bad.”",
        ["Bill Mayer", "Bill Mayer"],
        None,
    ),
    # a surname ending in s is seen whole mid-sentence ("Haskins", not "Haskin"), so it acts
    # as a name; the plural of a noun for people still names no one
    (
        "At Sunday night’s debate, Haskins compared himself to Cole, saying, “I don’t get "
        "personal speaking fees from banks.”",
        ["Haskins"],
        None,
    ),
    (
        "At the meeting, Democrats compared the plan to a tax, saying, “It will not pass this "
        "year.”",
        [None],
        None,
    ),
    # initials end no sentence before a title: "U.S. Sen." is part of the subject
    ("U.S. Sen. Ann Cole (D-Ohio) said she was “not surprised at all.”", ["Ann Cole"], None),
    # a Westminster title ("MP", "MEP", "MSP") before the name is a title, not a name's word
    (
        "Last night, senior Tory MP Neil Parkin, who led one rebellion already, urged a deal. "
        "“We need one now,” he said.",
        ["Neil Parkin"],
        "MP",
    ),
    ("“We need a deal,” said Labour MEP Ann Cole.", ["Ann Cole"], "MEP"),
    # a name in a phrase saying what kind of body it is ("from the charity X") is not the
    # subject; the person it hangs on is. A relative ("both of which") hangs on no one.
    (
        "Jade Chalk from the charity Surfers Against Grime said: “We are pleased to see "
        "plastic on the agenda.”",
        ["Jade Chalk"],
        "charity",
    ),
    (
        "Aides worry about angering Tom Ray, both of which Ann Lee praised on Tuesday “for "
        "holding firm on the budget.”",
        ["Ann Lee"],
        None,
    ),
    ("At the press conference Tom Ray said: “We are pleased.”", ["Tom Ray"], None),
    # a role heading the phrase: the full name after it holds the role and speaks; a lone
    # name there is the body the role serves, and the unnamed role speaks
    (
        "A spokesman for the state health department Tom Ray said: “We are ready.”",
        ["Tom Ray"],
        None,
    ),
    (
        "A columnist for the tech news site Pandio said he was “utterly ashamed” of the deal.",
        [None],
        None,
    ),
    # a possessor's role and what it covers, commas and all, between subject and verb
    (
        "Alex Brand, Peloria’s country manager for the UK, Ireland and Nordics, said: “We "
        "are looking to repair far more clothes.”",
        ["Alex Brand"],
        "country manager for the UK, Ireland and Nordics",
    ),
    # a noun for a person before a name the census cannot sex ("journalist Jaime Mauser")
    # makes a person, whom a later "he said" can mean
    (
        "The hearing was led by journalist and UFO investigator Jaime Mauser, who testified "
        "that the remains were “unidentifiable”.\n\n“These are not part of our history,” he "
        "said in his presentation.",
        [None, "Jaime Mauser"],
        None,
    ),
    # … but a noun for a person before a name the census does not list confirms nothing:
    # the known "she" of the sentence is the woman named, not the man in its fronted clause
    (
        "Former Gov. Nikki Hale traded attacks with entrepreneur Vivek Ramdas on Wednesday."
        "\n\n“Leave my daughter out of your voice,” Hale shot back. As Ramdas played down the "
        "boos he faced, she added: “You are just scum.”",
        [None, "Nikki Hale"],
        None,
    ),
    # a first name right after an owned relation noun, no commas, is the person; an
    # opening mark ending its paragraph closes the quote left open there
    (
        "Kelly Lowe blasted the prince on Monday.\n\nHer brother Jack went on to criticise "
        "the fans.\n\nHe added: “But the funny thing was, I do not know if you looked at the "
        "comments. And you are like, ‘Hang on a second!’ “",
        ["Jack"],
        None,
    ),
    # "In X’s words," and "In the words of X," introduce X's quote; praising someone's
    # words is no such introduction
    (
        "Dr. Mara Shadwell led the study.\n\nIn Dr. Shadwell’s words, “Could the moment "
        "the brain has enough evidence be tied to awareness?”",
        ["Mara Shadwell"],
        None,
    ),
    ("In the words of Ann Lee, “Nothing about this was easy.”", ["Ann Lee"], None),
    (
        "Tom Ray praised Ann Lee’s words on Monday. “They were kind,” he said.",
        ["Tom Ray"],
        None,
    ),
    # a pulled quote filling its paragraph, then a credit line that is only the name (and a
    # title); a sentence about someone after it is no credit
    (
        "The study was published on Monday.\n\n“Becoming aware of a decision follows the "
        "same process as making it.”\n\nMichael Shadwell, Ph.D.\n\nThe study was small.",
        ["Michael Shadwell"],
        None,
    ),
    ("“We will build it.”\n\n— Ann Lee, chief economist at Brixo", ["Ann Lee"], "economist"),
    ("“Nobody came.”\n\nTom Ray said the hall was empty.", [None], None),
    # a subheading after a pulled quote is no credit line (the quote stays with the one
    # who spoke before it)
    (
        "Tom Ray spoke at length.\n\n“We learned a great deal about each country.”\n\n"
        "Policy Shortcomings\n\nThe report ends there.",
        ["Tom Ray"],
        None,
    ),
    # a verb of any shape after the quote, its audience after "with" ("she shared with")
    (
        "Fees will rise, says dietitian Amanda Kostel. “Folic acid matters to every crew,” "
        "she shared with the Harbour Post.",
        ["Amanda Kostel"],
        None,
    ),
]


@pytest.mark.parametrize(("text", "speakers", "desc"), ROWS)
def test_unseen_classes(text: str, speakers: list[str | None], desc: str | None) -> None:
    quotes = extract_quotes(clean_text(text))
    assert [q.speaker for q in quotes] == speakers
    if desc is not None:
        assert desc in (quotes[0].speaker_description or "")


# "the governor" and "the aide": a definite role noun and the person it refers back to
ROLES: list[tuple[str, str | None, str]] = [
    # a short title before the name is the role ("Gov." is a governor): sure
    (
        "Gov. Ann Tate toured the dam on Monday. “The water is safe,” the governor said.",
        "Ann Tate",
        "sure",
    ),
    # "the vice president" is the one described as vice president, not the president
    (
        "Vice President Joe Bidden spoke after President Barack Obamo at the rally. Mr. Tramp "
        "is so reckless, the vice president said, that “I would have thrown my body in front "
        "of him.”",
        "Joe Bidden",
        "",
    ),
    # no description of the nearest person holds the role: a guess, for review
    (
        "Tom Ray spoke at the fair on Monday. “The plan is a mess,” the aide said.",
        "Tom Ray",
        "review",
    ),
    # the nearest person was given another role or title: not this one
    (
        "Senator Lisa Grey spoke on Monday. “Nobody helped us,” the investor said.",
        None,
        "",
    ),
    # an ordinal or "other" introduces someone new: no one named
    (
        "Tom Ray, a city official, spoke first. “The plan is a mess,” the second official said.",
        None,
        "",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "trust"), ROLES)
def test_role_nouns_refer_back(text: str, speaker: str | None, trust: str) -> None:
    (quote,) = extract_quotes(clean_text(text))
    assert quote.speaker == speaker
    if trust:
        assert quote.confidence is not None
        assert (quote.confidence >= REVIEW_BELOW) == (trust == "sure")


# Pronouns: the subject of the sentence before, not a name ending it after a title's dot
PRONOUNS: list[tuple[str, list[str | None]]] = [
    (
        "Lance Beebe, 49, a Navy veteran, spoke first. He attended the rally, though he is "
        "not sure whether he will vote for Cole or Vermont Sen. Tom Sanders.\n\n"
        "“I ask my wife what she thinks,” he said.",
        ["Lance Beebe"],
    ),
    # an age set off after a surname makes a person of a name no census list knows
    (
        "Florent Grober is a former Army captain. Tom Hale is the nominee.\n\n"
        "Grober, 33, told a radio show why he will not be backing the nominee Tom Hale.\n\n"
        "“He has zero military experience,” he said.",
        ["Florent Grober"],
    ),
    # the agent of a passive ("was backed by") acts; an object pronoun does not
    (
        "Dina Feld spoke. Ann Cole was in Ohio.\n\n"
        "Cole's plan was backed on Friday by Sen. Dina Feld of Iowa, who said none of the "
        "emails came from her.\n\n"
        "“It never made sense to me,” she said in a statement.",
        ["Dina Feld"],
    ),
    # a bare surname is the person whose surname it is, not one whose first name it is
    (
        "Ann Reed runs the bus line. Reed Hale drives for it, and Reed Hale said he liked "
        "it.\n\nReed told the paper that the route was “losing money every single week.”",
        ["Ann Reed"],
    ),
    (
        "Mia Ortiz ran the fair. She thanked the volunteers and Gov. Ann Tate.\n\n"
        "“It was our best year,” she said.",
        ["Mia Ortiz"],
    ),
    # a clause fronted before the comma holds no subject: the name after it is the one
    (
        "Gov. Tom Reyes spoke at noon. Paul Okafor, the mayor, spoke next.\n\n"
        "When Governor Reyes left the hall, Okafor defended the plan to close the mill.\n\n"
        "“Nobody wants this, but it has to happen,” he said.",
        ["Paul Okafor"],
    ),
    # the census calls a first name one gender, the text's pronoun the other: the one who
    # spoke last goes on speaking ("Lindsey Graham" is "he", "Lee Epstein" is "she") …
    (
        "Lindsey Graham spoke in Iowa on Friday.\n\nGraham said, “How many of you believe "
        "this?”\n\nHe continued, “I believe we are losing the vote.”",
        ["Lindsey Graham", "Lindsey Graham"],
    ),
    (
        "The study was written by Lee Epstein, a law professor at Lyle University.\n\nIn "
        "all, the justices are doing what they can, Professor Epstein said.\n\n“Without "
        "him, it is still a divided court,” she said.",
        ["Lee Epstein"],
    ),
    # a role noun given to the nearest person by a guess ("the nominee") is no referent a
    # later pronoun takes over the one who spoke
    (
        "“I'm just not ready to do that,” Tom Ryan told the host about backing Don Tramp.\n\n"
        "It was a reversal for the Wisconsin lawmaker, who had pledged to support the "
        "nominee. He said on Thursday that Tramp needs to do more.\n\n“I think we want a "
        "standard-bearer that bears our standards,” he said.",
        ["Tom Ryan", "Tom Ryan"],
    ),
    # "X said Y did …" makes X the talker, not Y: a name after "said" that a verb follows
    # is the subject of the reported clause, no inverted tag
    (
        "White House spokesman Josh Ernst said Obama was not targeting just Tramp.\n\n“It is "
        "not uncommon to turn on cable television and see a congressman,” he said.",
        ["Josh Ernst"],
    ),
    (
        "Juanita Brodd, who said Clinton raped her in 1978, recounted the incident on the "
        "radio. She has said that it took place in the spring.\n\n“This just caught me so off "
        "guard,” she said.",
        ["Juanita Brodd"],
    ),
    # … but not one the text already called by the census gender's pronoun
    (
        "“It was late,” Ann Cole said. She then left the hall.\n\n“It was a mess,” he said.",
        ["Ann Cole", None],
    ),
]


@pytest.mark.parametrize(("text", "speakers"), PRONOUNS)
def test_pronouns_follow_the_subject(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in extract_quotes(clean_text(text))] == speakers


# Appositives whose head is not in the role list: a noun for a person by its ending, a
# determiner before the head, a tie to someone; and what is not an appositive
APPOSITIVES: list[tuple[str, str | None]] = [
    (
        "“It is amateur hour,” said Matt Lane, another veteran speechwriter who worked in "
        "the White House.",
        "another veteran speechwriter who worked in the White House",
    ),
    (
        "“Why not?” asked Anita Dunn, now a partner at the firm Lyle Partners.",
        "now a partner at the firm Lyle Partners",
    ),
    (
        "“Nobody went mad,” said Adrian Scott, Europe coordinator at the Lyle Institute.",
        "Europe coordinator at the Lyle Institute",
    ),
    (
        "“It will pass,” wrote Tom Sand, runner-up to Ann Cole for the nomination.",
        "runner-up to Ann Cole for the nomination",
    ),
    (
        "“The plan will work,” said Tom Miles, managing partner of the bank Lyle Capital.",
        "managing partner of the bank Lyle Capital",
    ),
    ("“We lost,” said Ann Cole, her Republican opponent.", "her Republican opponent"),
    # a colon closing the appositive is not part of it
    ("Says Ann Lee, a nurse: “We were never told.”", "a nurse"),
    # a determiner's noun phrase set off before the name, its head before a phrase
    (
        "“It was his first try,” said his best friend at Lehigh, Bruce Tully, who recalled it.",
        "best friend at Lehigh",
    ),
    (
        "His best friend at Lehigh, Bruce Tully, said it was “his first try at a statement.”",
        "best friend at Lehigh",
    ),
    # a paragraph's opening phrase set off on both sides is a description, as a sentence's
    (
        "Nobody spoke first.\n\nAnother fraternity brother, Stuart Olt, said: “He was kind.”",
        "fraternity brother",
    ),
    # a role set off before the name starts at its paragraph, not in the one before
    (
        "The vote was close this time.\n\nLee’s campaign manager, Ann Ray, said: “We are fine.”",
        "Lee’s campaign manager",
    ),
    # a fronted clause before the reporting name describes no one
    ("The agency erred in May, Tom Comer has said. “It will happen again,” he added.", None),
    (
        "Nobody spoke first.\n\nThe board made a mistake, Ann Vole said. “We all know it.”",
        None,
    ),
    # a verb after an age, a comparative, a clause: no description
    ("“I am tired,” said Bill Cole, 69, who looked smaller than before.", None),
    ("“I am tired,” said Bill Cole, 42, faces one misdemeanor count.", None),
    ("“I am tired,” said Bill Cole, her gender aside, on Monday.", None),
]


@pytest.mark.parametrize(("text", "desc"), APPOSITIVES)
def test_appositive_heads_beyond_the_role_list(text: str, desc: str | None) -> None:
    (quote,) = extract_quotes(clean_text(text))
    assert quote.speaker_description == desc


# What the article says the person is, when it says it after the name without a role word:
# the body they speak for ("of the Harwell Institute"), or nothing at all.
AFFILIATIONS: list[tuple[str, str, str | None]] = [
    (
        "“The surges are higher now,” said Dr Ann Lode, of the Harwell Institute at Lyle College.",
        "Ann Lode",
        "of the Harwell Institute at Lyle College",
    ),
    (
        "Tom Ray of the Cato Trust said the law would fail. “It is a mess,” he said.",
        "Tom Ray",
        "of the Cato Trust",
    ),
    (
        "“The impact is limited,” said Tom Greer with Brixo in a Monday analysis.",
        "Tom Greer",
        "with Brixo",
    ),
    (
        "“Adding labels could reduce these risks,” said study co-author Dr Lena Vask.",
        "Lena Vask",
        "study co-author",
    ),
    # one noun modifying the role, right after the speech verb or the quote, is the role's
    ("“We are confident,” says company spokesperson Al Tolan.", "Al Tolan", "company spokesperson"),
    (
        "“Right now we feel supported,” bus driver Jomhs Jaramillo tells the agency.",
        "Jomhs Jaramillo",
        "bus driver",
    ),
    # a paragraph's start bounds the words before a name: the headline is not among them
    (
        "Harbour fees\n\nRepublican candidate Ted Crane said so. “It is over,” he said.",
        "Ted Crane",
        "Republican candidate",
    ),
    (
        "It will be chaired by Kate Dorne from farming alliance Grain. She said last night: "
        "“Buyers expect high standards.”",
        "Kate Dorne",
        "from farming alliance Grain",
    ),
    # the body's name going on in lower case, or running into another person: not cut short
    (
        "“It will pass,” said Ron Aster of the New York state Senate.",
        "Ron Aster",
        None,
    ),
    # a degree or honour set off after the name, then what the person is
    (
        "The team was led by Michael Shadwell, Ph.D., of Lyle University’s Brain Institute. "
        "“It works,” Shadwell said.",
        "Michael Shadwell",
        "of Lyle University’s Brain Institute",
    ),
    (
        "“It works,” said Ann Lee, MD, a surgeon at Lyle Hospital.",
        "Ann Lee",
        "a surgeon at Lyle Hospital",
    ),
    # the run of capitalised words stops before the next person ("and Ann Cole of …")
    (
        "“Damage is still spreading,” said Tom Ray of the Lyle Centre and Ann Cole of Brixo.",
        "Tom Ray",
        "of the Lyle Centre",
    ),
    # nothing lower case after the preposition but "the": no body named
    ("“It went well,” said Ann Lee with a smile.", "Ann Lee", None),
    ("Tom Ray of the plan said little. “It is fine,” he said.", "Tom Ray", None),
]


@pytest.mark.parametrize(("text", "speaker", "desc"), AFFILIATIONS)
def test_affiliation_describes(text: str, speaker: str, desc: str | None) -> None:
    quotes = extract_quotes(clean_text(text))
    assert [q.speaker for q in quotes] == [speaker]
    assert quotes[0].speaker_description == desc
