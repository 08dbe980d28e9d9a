"""Headlines without the site glued on, and the outlet's name, judged by evidence.

A page's <title> is often `Headline - Site`, `Opinion | Headline` or `Headline | Section`;
its og:site_name may be a slug (`exampletimes`), a handle, a URL, a platform, a parent brand
or two names joined by `|`. Nothing here is a list of sites: a piece is the site's when it
matches a name the page gives itself (og:site_name, the JSON-LD publisher or WebSite) or
its domain, and a section's when the page names that section; an outlet name is better
the more the page's own names and its domain agree on it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from quotesdb.pages.bylines import fold

# Separators a site or a section is glued onto a headline with.
_GLUE = re.compile(r"\s+(?:[|•·»:]|[-–—]{1,2}|::)\s+")
_TRAILING_CUT = re.compile(r"\s*(?:\.\.\.|…)\s*$")
# Domain labels that name no outlet.
_HOST_NOISE = frozenset("www m amp mobile edition en de fr es it pt news".split())


def unescape(value: str) -> str:
    """Entities decoded, twice-escaped ones (`&amp;#8211;`) too, on one line."""
    for _ in range(2):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return " ".join(value.replace("\u00a0", " ").split())


def domain_keys(url: str | None) -> list[str]:
    """The folded labels of a URL's host that may name its outlet: `news.sky.com` gives
    `sky`, `news` joined `newssky` and `skynews`."""
    if not url:
        return []
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    labels = [x for x in host.split(".") if x]
    if len(labels) >= 2:
        labels = labels[:-1]  # the top-level domain
        if len(labels) >= 2 and len(labels[-1]) <= 3 and labels[-1] in {"co", "com", "org", "net"}:
            labels = labels[:-1]  # example.co.uk
    keys = [fold(x) for x in labels if x not in _HOST_NOISE or len(labels) == 1]
    if len(labels) >= 2:
        keys += [fold("".join(labels)), fold("".join(reversed(labels)))]
    return [k for k in keys if k]


def matches_site(piece: str, names: Iterable[str], domains: Iterable[str]) -> bool:
    """Whether a title piece is the site's name: equal to a name the page gives itself, or
    to its domain (`Example Post` on example-post.com, `EP` never)."""
    key = fold(piece)
    if not key:
        return False
    if any(key == fold(n) for n in names if n):
        return True
    for domain in domains:
        if key == domain or (len(domain) >= 4 and len(key) >= 4 and key in domain):
            return True
        if len(key) >= 5 and domain in key and len(domain) >= 4:
            return True
    return False


def strip_site(
    title: str, names: Iterable[str], domains: Iterable[str], sections: Iterable[str] = ()
) -> str:
    """A headline without the site or section pieces glued at either end."""
    names, domains = list(names), list(domains)
    section_keys = {fold(s) for s in sections if s and fold(s)}
    pieces = _GLUE.split(title)
    seps = _GLUE.findall(title)

    def glued(piece: str) -> bool:
        return matches_site(piece, names, domains) or fold(piece) in section_keys or _is_date(piece)

    while len(pieces) > 1 and glued(pieces[-1]):
        pieces.pop()
        seps.pop()
    while len(pieces) > 1 and glued(pieces[0]):
        pieces.pop(0)
        seps.pop(0)
    out = pieces[0]
    for sep, piece in zip(seps, pieces[1:], strict=True):
        out += sep + piece
    return out.strip()


def _is_date(piece: str) -> bool:
    """A piece that is only a date (`19.01.2020`, `May 6, 2024`): a stamp, not a headline."""
    from quotesdb.pages.dates import read_date

    return len(piece) <= 30 and any(c.isdigit() for c in piece) and read_date(piece)[0] is not None


def is_cut_off(short: str, full: str) -> bool:
    """Whether `short` is `full` cut off (with or without an ellipsis)."""
    stem = _TRAILING_CUT.sub("", short)
    if len(stem) <= 8 or len(stem) >= len(full) or not full.casefold().startswith(stem.casefold()):
        return False
    return not _GLUE.match(full[len(stem) :])  # `Headline | Site` is glued, not cut off


_LEGAL_FORM = re.compile(
    r",?\s+(?:(?i:llc|l\.l\.c\.|inc\.?|ltd\.?|limited|gmbh|corp\.?|corporation|plc)|S\.A\.|AG)$"
)


# Words that make a publication's name its company's: `Example Today Network`.
_COMPANY_WORDS = frozenset(
    "network group media company companies holdings corporation corp inc llc ltd plc gmbh "
    "publishing publications enterprises".split()
)


def names_a_company(words: list[str]) -> bool:
    """Whether the words added to a publication's name make it the company behind it."""
    return bool(words) and all(w.casefold().strip(".,") in _COMPANY_WORDS for w in words)


def without_legal_form(name: str) -> str:
    """`Example Post, LLC` as `Example Post`: the company's legal form is not the name a
    citation gives the publication."""
    return _LEGAL_FORM.sub("", name).strip() or name


def without_ellipsis(title: str) -> str:
    """`Headline...` as `Headline`: the mark of a teaser or a cut, not part of the words."""
    return _TRAILING_CUT.sub("", title)


def glued_rest(piece: str, whole: str) -> str | None:
    """What `whole` has glued before or after `piece` (`Site` of `Headline | Site`), if it is
    `piece` with something glued on at all."""
    stem, all_ = piece.casefold(), whole.casefold()
    if len(all_) > len(stem) and all_.startswith(stem):
        glue = _GLUE.match(whole[len(piece) :])
        return whole[len(piece) + glue.end() :].strip() if glue else None
    if len(all_) > len(stem) and all_.endswith(stem):
        head = whole[: len(whole) - len(piece)]
        glue = re.search(_GLUE.pattern + "$", head)
        return head[: glue.start()].strip() if glue else None
    return None


def outlet_problem(name: str, sections: Iterable[str] = ()) -> str | None:
    """Why a name cannot be an outlet's (a URL, a handle, a slug, a section), else None."""
    if "://" in name or name.lower().startswith("www."):
        return "a URL"
    if name.startswith("@"):
        return "a handle"
    if " " not in name and ((name.islower() and "." not in name and len(name) > 3) or "_" in name):
        return "a slug"
    if any(fold(name) == fold(s) for s in sections if s):
        return "a section"
    if not any(c.isalpha() for c in name):
        return "no name"
    return None


def looks_like_host(name: str) -> bool:
    """`DW.COM`, `example.org`: a site's address given where its name belongs."""
    return " " not in name and bool(re.search(r"\.[a-z]{2,4}$", name, re.IGNORECASE))


def domain_score(name: str, domains: list[str]) -> int:
    """How well a name matches the page's domain: 2 for the whole name, 1 for a part."""
    key = fold(name)
    if not key or not domains:
        return 0
    if key in domains:
        return 2
    initials = fold("".join(w[0] for w in name.split() if w))
    if len(name.split()) > 1 and initials in domains:
        return 1
    if any(len(key) >= 3 and (key in d or d in key) for d in domains if len(d) >= 3):
        return 1
    return 0


def split_joined(name: str) -> list[str]:
    """`Example Post | Example Media` is two names; either may be the outlet."""
    return [p.strip() for p in re.split(r"\s+[|•·]\s+|\s+[-–—]\s+", name) if p.strip()]
