"""What each API operation takes: its query string and its JSON body, declared once.

Every number here comes from quotesdb/limits.py: the quote's words `quote_chars`, a short
field `field_chars` or less if its column holds less, a list `list_items`. The server
checks a request against these declarations before any service reads it, and
/api/openapi.json is written from them, so the description says what the server holds
to: raise QUOTESDB_MAX_QUOTE_CHARS and both move. The services and the database check
the same limits again for the CLI and the pages.
"""

from __future__ import annotations

from functools import cache

from quotesdb.limits import (
    COUNTRY_CHARS,
    ENV,
    OFFSET,
    QUERY_CHARS,
    REPORT_OUTLETS,
    ROWS,
    Limits,
    field_most,
)
from quotesdb.web.schema import Array, Boolean, Integer, Object, Param, Query, Text
from quotesdb.web.services import PARTIAL_DATE

ID = Integer(1, 2**31 - 1)
_WORDS = Text(max_length=QUERY_CHARS)  # a query value
_DAY = Text(format="date")
_NEW_EXPERT = Boolean("Create the speaker when no expert has the name (else 404).")


def paging(default: int) -> tuple[Param, ...]:
    """`limit` with `offset` or `page`, and `format`, as every list takes them."""
    return (
        Param("limit", Integer(1, ROWS), f"Rows in the answer ({default})."),
        Param("offset", Integer(0, OFFSET), "Rows skipped (0); not with `page`."),
        Param(
            "page",
            Integer(1, OFFSET + 1),
            f"Page from 1, `limit` rows each; not with `offset`; a page starting past row "
            f"{OFFSET:,} is a 400.",
        ),
        Param(
            "format", Text(choices=("json", "csv")), "json (the default) or the same rows as CSV."
        ),
    )


SEARCH = Query(
    (
        Param("q", _WORDS, "Words, phrases, AND/OR/NOT, field:value."),
        Param("expert", _WORDS, "Surname, full name or alias."),
        Param("topic", _WORDS, "A topic, or its words."),
        Param("outlet", _WORDS, "Outlet name."),
        Param("author", _WORDS, "Byline name."),
        Param("year", Integer(1, 9999), "Published that year."),
        Param("since", _DAY, "Published on or after."),
        Param("until", _DAY, "Published on or before."),
        Param("kind", Text(choices=("full", "partial")), "Full sentence or fragment."),
        Param("sort", Text(choices=("relevance", "date")), "Ranking."),
        *paging(20),
        Param("facets", Boolean(), "Counts by expert, outlet, year, topic."),
        Param(
            "group",
            Boolean(default=True),
            "true (the default): the same words carried by several articles are one hit, "
            "the earliest, the others in its `also`, and `total` and paging count such "
            "groups; false: every copy is a hit.",
        ),
    )
)

QUERIES = {
    "/api/search": SEARCH,
    "/api/experts": Query(
        (
            Param("topic", _WORDS, "Count only quotes on it."),
            Param("outlet", _WORDS, "Count only quotes in it."),
            Param("since", _DAY, "Count only quotes since."),
            *paging(50),
        )
    ),
    "/api/articles": Query(
        (
            Param("title", _WORDS, "Words the title has."),
            Param("outlet", _WORDS, "Outlet name."),
            Param("author", _WORDS, "Byline name."),
            Param("since", _DAY, "Published on or after."),
            Param("until", _DAY, "Published on or before."),
            *paging(50),
        )
    ),
    "/api/outlets": Query(paging(50)),
    "/api/review": Query(paging(50)),
    "/api/experts/{id}": Query(paging(50)),
    "/api/report": Query(
        (
            Param("by", Text(choices=("month", "quarter", "year")), "Period (year)."),
            Param(
                "outlet",
                Array(_WORDS, max_items=REPORT_OUTLETS),
                "Only these outlets (repeat it: outlet=A&outlet=B).",
            ),
            Param("since", _DAY, "Published on or after."),
            Param("until", _DAY, "Published on or before."),
            Param("total", Boolean(), "All outlets together too."),
        )
    ),
    "/api/quotes/{id}/citations/{style}": Query(
        (
            Param(
                "to",
                Text(choices=("markdown", "text", "html")),
                "Where it is pasted: markdown (the default), text or html.",
            ),
        )
    ),
}


def _field(
    limits: Limits,
    column: str | None,
    *,
    min_length: int = 0,
    format: str | None = None,
    nullable: bool = False,
    description: str | None = None,
) -> Text:
    """A short field: as long as `field_chars` allows and its column holds."""
    most = field_most(limits, column)
    setting = ENV["field_chars"] if most == limits.field_chars else None  # else the column's
    return Text(
        most,
        min_length,
        format=format,
        nullable=nullable,
        description=description,
        setting=setting,
    )


def _names(limits: Limits, column: str, min_items: int = 0) -> Array:
    return Array(
        _field(limits, column),
        max_items=limits.list_items,
        min_items=min_items,
        setting=ENV["list_items"],
    )


@cache
def bodies(limits: Limits) -> dict[tuple[str, str], tuple[str, Object]]:
    """Each write's body, by (path, method): its component name and its declaration."""
    new_quote = Object(
        {
            "text": Text(limits.quote_chars, 1, setting=ENV["quote_chars"]),
            "speaker": _field(limits, "speaker", min_length=1),
            "description": _field(limits, None),
            "article_id": ID,
            "url": _field(limits, "url", format="uri"),
            "title": _field(limits, "title"),
            "outlet": _field(limits, "outlet"),
            "authors": _names(limits, "author"),
            "published": Text(
                pattern=PARTIAL_DATE,
                description="A year (2024), a month (2024-05) or a day (2024-05-06); "
                "the precision is kept.",
            ),
            "topics": _names(limits, "topic"),
            "new_expert": Boolean(
                "The speaker is found as `edit --speaker` finds one (a name, an alias, a "
                "surname only one expert has; several is a 409 naming them). A name no one "
                "has: absent, a new expert; false, a 404; true, a new expert at once."
            ),
        },
        required=("text", "speaker"),
    )
    quote_edit = Object(
        {
            "text": Text(limits.quote_chars, setting=ENV["quote_chars"]),
            "speaker": _field(limits, "speaker"),
            "new_expert": _NEW_EXPERT,
            "description": _field(limits, None),
            "notes": _field(
                limits,
                None,
                description="Your own notes; never part of a citation; an empty string clears.",
            ),
            "add_topics": _names(limits, "topic"),
            "remove_topics": _names(limits, "topic"),
        }
    )
    tags = Object({"topics": _names(limits, "topic", min_items=1)}, required=("topics",))
    decision = Object(
        {
            "decision": Text(
                choices=("accept", "correct", "no-speaker"),
                description="accept: the attribution is right; correct: give `speaker`; "
                "no-speaker: not a quotation, deleted with a tombstone.",
            ),
            "speaker": _field(limits, "speaker", description="For correct."),
            "new_expert": _NEW_EXPERT,
        },
        required=("decision",),
    )
    attributes = Object(
        {
            "gender": _field(limits, "gender", nullable=True, description="As entered."),
            "affiliation_kind": _field(
                limits,
                "affiliation_kind",
                nullable=True,
                description="academia, government, think tank, industry, ngo, media or other.",
            ),
            "country": Text(
                COUNTRY_CHARS,
                nullable=True,
                description="ISO 3166-1 alpha-2, such as DE or US.",
            ),
        },
        description='Any of the three; null, an empty string or "unknown" clears one.',
    )
    return {
        ("/api/quotes", "post"): ("NewQuote", new_quote),
        ("/api/quotes/{id}", "patch"): ("QuoteEdit", quote_edit),
        ("/api/quotes/{id}/tags", "post"): ("Tags", tags),
        ("/api/review/{id}", "post"): ("ReviewDecision", decision),
        ("/api/experts/{id}", "patch"): ("ExpertAttributes", attributes),
    }
