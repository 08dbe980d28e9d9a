"""A page's title, outlet, byline, date and language, each chosen by evidence.

Every source gets a say: the page's JSON-LD article, its og:/meta tags, its <title> and
<h1>, trafilatura's own reading (whose date is htmldate's) and the page's URL. A value
gains weight from each source that gives it (a headline also from a <title> that is that
headline with the site glued on), and the one with most weight is kept; the place it came
from is recorded in `provenance`. A value no one can read (a date in no known format, a
URL where a name belongs) is left out with a warning, never failing the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from quotesdb.links import http_url
from quotesdb.pages.bylines import (
    clean_byline,
    clean_bylines,
    dateline_credit,
    fold,
    looks_personal,
    site_owner,
    written_bylines,
)
from quotesdb.pages.dates import days_in_text, is_utc, read_date
from quotesdb.pages.sites import (
    domain_keys,
    domain_score,
    glued_rest,
    is_cut_off,
    looks_like_host,
    matches_site,
    names_a_company,
    outlet_problem,
    split_joined,
    strip_site,
    unescape,
    without_ellipsis,
    without_legal_form,
)
from quotesdb.pages.structured import (
    Person,
    Structured,
    meta_tags,
    microdata_authors,
    read_json_ld,
)

# How much each place a page says a thing counts: declared metadata above guesses.
TITLE_SOURCES = (
    ("json-ld", 3.0),
    ("og:title", 3.0),
    ("h1", 2.0),
    ("twitter:title", 1.0),
    ("title", 1.0),
    ("trafilatura", 1.0),
)
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
# <time> tags: a page has many (comments, related stories), so each counts for less.
TIME_TAGS = (("time:datepublished", 1.5), ("time:pubdate", 1.0))
_CLOCK = re.compile(r"(?:T|\s)(\d{1,2}):\d\d")
# A day in the URL's folders (`/2023/10/31/`) or at the head of its slug (`/2023-10-31-…`);
# a number that starts a slug (`/2023/10/3-questions`) is not a day.
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)|/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_-]|$)"
)
# UTC hours at which the day a page writes out may be the day before (the Americas) or the
# day after (Europe).
UTC_EARLY_HOURS = 10
UTC_LATE_HOURS = 22
# What a name matching the page's domain gains per point of domain_score, and an address.
NAME_MATCH = 2.0
HOST_MATCH = 1.1
# What a byline gains over each other source's list that it holds whole and adds people to.
FULLER_BYLINE = 1.5
LANGUAGE_META = ("content-language", "og:locale", "dc.language", "language")
MIN_TEXT_FOR_DETECTION = 200


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    outlet: str | None = None
    authors: tuple[Person, ...] = ()
    published: dt.date | None = None
    precision: str | None = None
    section: str | None = None
    language: str | None = None
    url: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Votes:
    """Candidate values with their weights and where the heaviest came from."""

    weight: dict[str, float] = field(default_factory=dict)
    value: dict[str, Any] = field(default_factory=dict)
    source: dict[str, tuple[float, str]] = field(default_factory=dict)

    def add(self, key: str, value: Any, weight: float, where: str) -> None:
        if key not in self.value:
            self.value[key] = value
        self.weight[key] = self.weight.get(key, 0.0) + weight
        if weight > self.source.get(key, (-1.0, ""))[0]:
            self.source[key] = (weight, where)

    def best(self) -> tuple[Any, str] | None:
        if not self.weight:
            return None
        order = list(self.value)
        key = max(order, key=lambda k: (self.weight[k], -order.index(k)))
        return self.value[key], self.source[key][1]


def read_metadata(tree: Any, doc: Any, url: str | None = None, text: str = "") -> PageMeta:
    """The page's metadata from its parsed tree and trafilatura's Document."""
    ld = read_json_ld(tree)
    metas = meta_tags(tree)
    found: dict[str, str] = {}
    warnings: list[str] = []
    page_url = _page_url(tree, metas, url)
    if page_url:
        found["url"] = page_url[1]
    domains = domain_keys(page_url[0] if page_url else None)
    sections = [s for s in (ld.section, metas.get("article:section")) if s]
    site_names = _site_names(ld, metas, doc)
    # The URL's folders name sections too (`/opinion/…`): evidence for a glued `Opinion |`.
    folders = _url_folders(page_url[0] if page_url else url)
    title = _title(tree, ld, metas, doc, site_names, domains, [*sections, *folders], found)
    outlet = _outlet(ld, metas, doc, tree, title, domains, sections, found)
    names = [*site_names, *([outlet] if outlet else [])]
    section_name = sections[0] if sections else None
    written = _Written(tree, text, domains)
    authors = _authors(ld, metas, doc, names, section_name, outlet, written, found)
    page_address = page_url[0] if page_url else url
    published = _published(ld, metas, doc, page_address, written, found, warnings)
    language = _language(tree, ld, metas, doc, text, found)
    section = sections[0] if sections else None
    if section:
        found["section"] = "json-ld" if ld.section else "article:section"
    return PageMeta(
        title=title,
        outlet=outlet,
        authors=tuple(authors),
        published=published[0] if published else None,
        precision=published[1] if published else None,
        section=unescape(section) if section else None,
        language=language,
        url=page_url[0] if page_url else None,
        provenance=found,
        warnings=tuple(warnings),
    )


def _page_url(tree: Any, metas: dict[str, str], url: str | None) -> tuple[str, str] | None:
    """The page's own address: only a web address (quotesdb/links.py) may become a link."""
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        if href := http_url(link.get("href")):
            return href, "link rel=canonical"
    if og := http_url(metas.get("og:url")):
        return og, "og:url"
    fetched = http_url(url)
    return (fetched, "fetched URL") if fetched else None


def _url_folders(url: str | None) -> list[str]:
    if not url:
        return []
    path = urlsplit(url).path.strip("/").split("/")[:-1]  # the last part is the story's own
    return [part.replace("-", " ") for part in path if part and not part.isdigit()]


def _site_names(ld: Structured, metas: dict[str, str], doc: Any) -> list[str]:
    raw = [
        ld.publisher,
        ld.website,
        metas.get("og:site_name"),
        metas.get("application-name"),
        metas.get("twitter:site", "").lstrip("@") or None,
        getattr(doc, "sitename", None),
        *ld.organisations,
    ]
    names: list[str] = []
    for name in raw:
        if name:
            for part in split_joined(unescape(name)):
                if part not in names:
                    names.append(part)
    return names


def _title(
    tree: Any,
    ld: Structured,
    metas: dict[str, str],
    doc: Any,
    site_names: list[str],
    domains: list[str],
    sections: list[str],
    found: dict[str, str],
) -> str | None:
    raw = {
        "json-ld": ld.headline,
        "og:title": metas.get("og:title"),
        "h1": _first_text(tree, "//h1"),
        "twitter:title": metas.get("twitter:title"),
        "title": _first_text(tree, "//title"),
        "trafilatura": getattr(doc, "title", None),
    }
    candidates: list[tuple[str, str, float, str]] = []  # cleaned, as given, weight, source
    for where, weight in TITLE_SOURCES:
        given = raw.get(where)
        if not given:
            continue
        given = unescape(given)
        cleaned = strip_site(given, site_names, domains, sections)
        if cleaned:
            candidates.append((cleaned, given, weight, where))
    # `Headline...` where another source gives `Headline` whole: the same title, teased.
    candidates = [
        (whole, given, weight, where)
        if (whole := without_ellipsis(cleaned)) != cleaned
        and any(fold(other) == fold(whole) for other, *_rest in candidates)
        else (cleaned, given, weight, where)
        for cleaned, given, weight, where in candidates
    ]
    # The headline the page shows its readers is whole: a longer title that starts with it
    # has something glued on (`Headline, Section`), it does not complete it.
    shown = {fold(c[0]) for c in candidates if c[3] == "h1" and without_ellipsis(c[0]) == c[0]}
    votes = _Votes()
    for cleaned, _given, weight, where in candidates:
        votes.add(fold(cleaned), cleaned, weight, where)
    for cleaned, _given, _weight, _where in candidates:
        key = fold(cleaned)
        for other, _other_given, weight, other_where in candidates:
            okey = fold(other)
            if okey == key:
                continue
            if is_cut_off(cleaned, other) and key not in shown:
                votes.add(okey, other, weight, other_where)  # the full headline gains
            elif glued_rest(cleaned, other):
                votes.add(key, cleaned, weight / 2, _where)
    best = votes.best()
    if best is None:
        return None
    title, where = best
    for cleaned, _given, _weight, _where in candidates:
        if is_cut_off(title, cleaned) and fold(title) not in shown:
            title, where = cleaned, _where
    # The same words where one source lost its punctuation (`Germanys` for `Germany's`):
    # the spelling that kept it.
    key = fold(str(title))
    spellings = [str(title), *(c[0] for c in candidates if fold(c[0]) == key)]
    title = max(spellings, key=lambda t: sum(not (c.isalnum() or c.isspace()) for c in t))
    found["title"] = where
    return str(title)


def _first_text(tree: Any, path: str) -> str | None:
    for node in tree.xpath(path):
        value = " ".join(node.text_content().split())
        if value:
            return value
    return None


def _outlet(
    ld: Structured,
    metas: dict[str, str],
    doc: Any,
    tree: Any,
    title: str | None,
    domains: list[str],
    sections: list[str],
    found: dict[str, str],
) -> str | None:
    raw = [
        (ld.publisher, 3.0, "json-ld"),
        (metas.get("og:site_name"), 3.0, "og:site_name"),
        (ld.website, 2.0, "json-ld WebSite"),
        (metas.get("application-name"), 1.0, "application-name"),
        (getattr(doc, "sitename", None), 1.0, "trafilatura"),
        *((name, 0.5, "json-ld Organization") for name in ld.organisations),
    ]
    section_keys = {fold(s) for s in sections}
    for given, where in (
        (_first_text(tree, "//title"), "title"),
        (metas.get("og:title"), "og:title"),
    ):
        rest = glued_rest(title, unescape(given)) if title and given else None
        if rest and fold(rest) not in section_keys:
            raw.append((rest, 1.0, where))  # what the site glued onto its headline
            break
    votes = _Votes()
    written_out: dict[str, str] = {}
    # The site's social handles (`@examplenewsint`): a guess made of one is not its name,
    # unless the handle is the site's address too (`@examplenews` on examplenews.com).
    handles = {
        key
        for k in ("twitter:site", "twitter:creator")
        if (h := metas.get(k)) and (key := fold(h)) and key not in domains
    }
    # A section named as the whole site (`articleSection: examplenews` on examplenews.com)
    # is the site's name, not a section's.
    own_sections = [s for s in sections if domain_score(s, domains) < 2]
    for given, weight, where in raw:
        if not given:
            continue
        parts = [without_legal_form(p) for p in split_joined(unescape(given))]
        for part in parts:
            if outlet_problem(part, own_sections):
                continue
            if weight < 3.0 and " " not in part and fold(part) in handles:
                continue  # a guess made of a handle (declared names stand as declared)
            if weight < 3.0 and title and fold(part) == fold(title):
                continue  # a guess that is the headline, not the site's declared name
            share = weight if len(parts) == 1 else weight / 2
            # A name beats an address, and an address matching the domain says less than a
            # name that does (it is the domain), though a little more than a name that does
            # not: a wire's name declared as publisher loses to the site's own address.
            host = looks_like_host(part)
            bonus = (HOST_MATCH if host else NAME_MATCH) * domain_score(part, domains)
            votes.add(fold(part), part, share - (1.0 if host else 0.0) + bonus, where)
            if " " in part:
                written_out.setdefault(fold(part), part)
    _merge_squashed(votes, written_out)
    _merge_brands(votes, domains)
    best = votes.best()
    if best is None:
        return None
    found["outlet"] = best[1]
    return str(best[0])


def _merge_squashed(votes: _Votes, written_out: dict[str, str]) -> None:
    """`Timesofisrael` (a name squashed into a slug) is `The Times of Israel` written out:
    its weight goes to the written-out name, or it takes that spelling."""
    for key, value in list(votes.value.items()):
        if " " in value:
            continue
        for other_key, other in list(votes.value.items()):
            if " " not in other or other_key not in (key, f"the{key}") or other_key == key:
                continue
            votes.weight[other_key] += votes.weight.pop(key)
            del votes.value[key]
            break
        else:
            if key in written_out:
                votes.value[key] = written_out[key]


def _merge_brands(votes: _Votes, domains: list[str]) -> None:
    """A parent brand ("Sky") gives way to its publication ("Sky News") the page also names,
    and so does the company named after a publication ("Example Today Network")."""
    for key, value in list(votes.value.items()):
        for other_key, other in list(votes.value.items()):
            shorter, longer = value.split(), other.split()
            if other_key == key or len(longer) <= len(shorter) or longer[: len(shorter)] != shorter:
                continue
            if names_a_company(longer[len(shorter) :]):
                votes.weight[key] += votes.weight[other_key]
            elif domain_score(other, domains) >= domain_score(value, domains):
                votes.weight[other_key] += votes.weight[key]


def _authors(
    ld: Structured,
    metas: dict[str, str],
    doc: Any,
    site_names: list[str],
    section: str | None,
    outlet: str | None,
    written: _Written,
    found: dict[str, str],
) -> list[Person]:
    lists: list[tuple[list[Person], str, float]] = []
    if ld.authors:
        lists.append((clean_bylines(ld.authors, site_names, section), "json-ld", 3.0))
    if microdata := microdata_authors(written.tree):
        lists.append((clean_bylines(microdata, site_names, section), "microdata", 2.0))
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        value = metas.get(key)
        if value:
            people = [Person(value)]
            lists.append((clean_bylines(people, site_names, section), f"meta {key}", 2.0))
    trafilatura_author = getattr(doc, "author", None)
    if trafilatura_author:
        people = [Person(p) for p in trafilatura_author.split(";")]
        lists.append((clean_bylines(people, site_names, section), "trafilatura", 1.0))
    lists = [(people, where, weight) for people, where, weight in lists if people]
    # The outlet, and any name one of the sources declared an organisation.
    organisations = {fold(outlet) if outlet else ""} | {
        fold(p.name) for people, _w, _x in lists for p in people if p.kind == "organisation"
    }

    def only_the_outlet(people: list[Person]) -> bool:
        # A lone undeclared word beside the outlet is its town or country (`Hamburg`).
        return all(
            fold(p.name) in organisations or (len(p.name.split()) == 1 and p.kind != "person")
            for p in people
        )

    if all(only_the_outlet(people) for people, where, _x in lists if where != "trafilatura"):
        # Declared bylines name no person (none, or the outlet itself): the byline the page
        # writes for its readers (read more closely than trafilatura's guess), else a
        # personal site's owner, names the author.
        if visible := written.bylines(site_names):
            lists.append((visible, "page byline", 2.5))
        elif (credit := dateline_credit(written.text)) and fold(credit) not in organisations:
            # No one bylined, a wire's dateline: the wire is the author (`(AP) —`).
            lists.append(([Person(credit, "organisation")], "dateline", 1.5))
        elif not lists and (owner := written.owner([*site_names, outlet or ""])):
            lists.append((owner, "site owner", 0.5))
    if not lists:
        return []

    def score(item: tuple[list[Person], str, float]) -> float:
        people, _where, weight = item
        names = {fold(p.name) for p in people}
        agree = sum(
            1
            for other, _w, _x in lists
            if other is not people and names & {fold(p.name) for p in other}
        )
        persons_elsewhere = any(not only_the_outlet(o) for o, _w, _x in lists)
        penalty = 5.0 if only_the_outlet(people) and persons_elsewhere else 0.0
        return weight + agree - penalty + FULLER_BYLINE * fuller_than(people)

    def fuller_than(people: list[Person]) -> int:
        # A byline cut to its first name is common (one field holds one name); a co-author
        # invented is not. A list that holds another's names plus more is the fuller byline
        # when every name in it reads as a person's (a given name first, or declared one),
        # so a publisher that some sites put in an author field never rides along.
        names = {fold(p.name) for p in people}
        if not all(
            p.kind == "person"
            or (p.kind is None and fold(p.name) not in organisations and looks_personal(p.name))
            for p in people
        ):
            return 0
        return sum(
            1
            for other, _w, _x in lists
            if other is not people and {fold(p.name) for p in other} < names and other
        )

    people, where, _weight = max(lists, key=score)
    kinds = {fold(p.name): p.kind for lst, _w, _x in lists for p in lst if p.kind}
    # An initial's full stop as the most trusted source gives it (`Ann B. Lee`, not the
    # `Ann B Lee` a guess made of it).
    stops: dict[str, str] = {}
    for lst, _w, _x in sorted(lists, key=lambda item: -item[2]):
        for p in lst:
            stops.setdefault(_without_stops(p.name), p.name)
    found["authors"] = where
    return [
        Person(stops.get(_without_stops(p.name), p.name), p.kind or kinds.get(fold(p.name)))
        for p in people
    ]


def _without_stops(name: str) -> str:
    return " ".join(name.replace(".", " ").split())


@dataclass(slots=True)
class _Written:
    """What the page writes for readers, read only when the declared metadata falls short."""

    tree: Any
    text: str
    domains: list[str]

    def bylines(self, site_names: list[str]) -> list[Person]:
        return written_bylines(self.tree, self.text, site_names)

    def owner(self, site_names: list[str]) -> list[Person]:
        return site_owner(self.tree, self.domains, site_names)

    def days(self) -> list[dt.date]:
        """The days written in the page's visible text, in reading order."""
        parts = self.tree.xpath(
            "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
            " or ancestor::template)]"
        )
        return days_in_text(" ".join(" ".join(str(p) for p in parts).split()))


def _published(
    ld: Structured,
    metas: dict[str, str],
    doc: Any,
    url: str | None,
    written: _Written,
    found: dict[str, str],
    warnings: list[str],
) -> tuple[dt.date, str | None] | None:
    raw: list[tuple[str | None, float, str]] = [(ld.published, 3.0, "json-ld")]
    raw += [
        (metas.get(key), 3.0 if key == "article:published_time" else 2.0, key) for key in DATE_META
    ]
    raw += [(metas.get(key), weight, key) for key, weight in TIME_TAGS]
    in_url = _URL_DATE.search(url or "")
    url_day = "-".join(g for g in in_url.groups() if g) if in_url else None
    guessed = getattr(doc, "date", None)
    # htmldate reads the URL too: when its day is the URL's, that is one witness, not two.
    if guessed and not (url_day and read_date(guessed)[0] == read_date(url_day)[0]):
        raw.append((guessed, 2.0, "htmldate"))
    if url_day:
        raw.append((url_day, 2.0, "URL"))
    votes = _Votes()
    utc_only: dict[str, bool] = {}
    utc_hour: dict[str, int] = {}
    for given, weight, where in raw:
        if not given:
            continue
        read, problem = read_date(given)
        if read is None:
            if problem and where != "htmldate":
                warnings.append(f"{where} date dropped: {problem}")
            continue
        key = f"{read[0].isoformat()}/{read[1]}"
        votes.add(key, read, weight, where)
        clock = _CLOCK.search(given)
        if clock:  # a bare day (htmldate's, the URL's) names no zone
            utc_only[key] = utc_only.get(key, True) and is_utc(given)
            utc_hour.setdefault(key, int(clock.group(1)))
    best = votes.best()
    if best is None:
        return None
    (day, precision), where = best
    key = f"{day.isoformat()}/{precision}"
    if utc_only.get(key, False) and precision is None:
        # A UTC timestamp may be another day where the publisher is, but only when the UTC
        # hour falls on another day somewhere people publish: before 10:00 UTC it is still
        # the day before in the Americas, from 22:00 UTC it is the next day in Europe and
        # east of it. Then the page's own day wins: a local timestamp or a bare day (the
        # URL's) of that other day, else the day the page writes for its readers first.
        hour = utc_hour.get(key, 12)
        if hour < UTC_EARLY_HOURS or hour >= UTC_LATE_HOURS:
            near_day = day + dt.timedelta(days=-1 if hour < UTC_EARLY_HOURS else 1)
            near = f"{near_day.isoformat()}/{precision}"
            if near in votes.value and not utc_only.get(near, False):
                (day, precision), where = votes.value[near], votes.source[near][1]
            elif _written_first(written.days(), near_day, day):
                day, where = near_day, "page text (the publisher's day)"
    found["published"] = where
    return day, precision


def _written_first(days: list[dt.date], first: dt.date, other: dt.date) -> bool:
    """Whether the page writes `first` out, and before it writes `other`, if it does."""
    for day in days:
        if day in (first, other):
            return day == first
    return False


def _language(
    tree: Any, ld: Structured, metas: dict[str, str], doc: Any, text: str, found: dict[str, str]
) -> str:
    declared = [
        (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"), "html lang"),
        (ld.language, "json-ld"),
        *((metas.get(key), key) for key in LANGUAGE_META),
        (getattr(doc, "language", None), "trafilatura"),
    ]
    codes = [(code, where) for value, where in declared if (code := _code(value))]
    detected = detect_language(text)
    if detected is not None and (not codes or detected != codes[0][0]):
        # The words outweigh a template's lang attribute when the text is long enough to tell.
        found["language"] = "detected from the text"
        return detected
    if codes:
        found["language"] = codes[0][1]
        return codes[0][0]
    found["language"] = "default"
    return "en"


def _code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def detect_language(text: str) -> str | None:
    """The language of an article's text when there is enough of it to be sure, else None."""
    sample = " ".join(text.split())[:3000]
    if len(sample) < MIN_TEXT_FOR_DETECTION:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= 0.95 else None


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def byline_names(values: Iterable[str]) -> list[Person]:
    """Names from bylines given as text (front matter, a form): furniture stripped."""
    out: list[Person] = []
    for value in values:
        out.extend(clean_byline(value))
    return out


__all__ = ["PageMeta", "Person", "matches_site", "read_metadata"]
