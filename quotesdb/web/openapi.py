"""The OpenAPI 3 description of the JSON API.

What each operation takes (its query parameters, its body, their limits) is written out
from the declarations the server checks requests against (quotesdb/web/inputs.py), so the
two cannot disagree; what it answers is declared here, once, and held to the answers by
the schemathesis tests.
"""

from __future__ import annotations

from typing import Any

from quotesdb.limits import Limits
from quotesdb.limits import current as current_limits
from quotesdb.web.inputs import ID, QUERIES, bodies

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_ID = ID.schema()


def _path_id(what: str) -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": _ID,
        "description": f"The {what}'s id.",
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json({"$ref": "#/components/schemas/Error"}, "An error, as one message")
_ERRORS = {"400": _ERROR, "404": _ERROR, "409": _ERROR, "503": _ERROR}
_WRITE_ERRORS = {**_ERRORS, "401": _ERROR, "415": _ERROR}
_SECURED: list[dict[str, list[str]]] = [{"token": []}, {}]

# Who wrote an article, as the page declared each one (None: it did not say).
BYLINE = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "kind"],
        "properties": {"name": _STR, "kind": {"enum": ["person", "organisation", None]}},
    },
}
# Where each field came from (`json-ld`, `og:title`, `htmldate`, …; `hand` for a field a
# person corrected, `given` for one an ingest option set) and what reading dropped.
SOURCES = {
    "type": "object",
    "required": ["fields", "warnings"],
    "properties": {
        "fields": {"type": "object", "additionalProperties": _STR},
        "warnings": {"type": "array", "items": _STR},
    },
}
QUOTE_ARTICLE = {
    "type": ["object", "null"],
    "required": ["id", "title", "authors"],
    "properties": {
        "id": {"type": "integer"},
        "title": _NSTR,
        "outlet": _NSTR,
        "url": _NSTR,
        "published": _NSTR,
        "published_precision": _NSTR,
        "authors": {"type": "array", "items": _STR},
        "byline": {"$ref": "#/components/schemas/Byline"},
        "metadata": {"$ref": "#/components/schemas/Sources"},
    },
}
ARTICLE = {
    "type": "object",
    "required": ["id", "title", "authors", "byline", "metadata", "runs", "quotes"],
    "properties": {
        "id": {"type": "integer"},
        "title": _NSTR,
        "url": _NSTR,
        "outlet": _NSTR,
        "published": _NSTR,
        "authors": {"type": "array", "items": _STR},
        "byline": {"$ref": "#/components/schemas/Byline"},
        "metadata": {"$ref": "#/components/schemas/Sources"},
        "language": _NSTR,
        "section": _NSTR,
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "quote"],
                "properties": {"text": _STR, "quote": {"type": ["integer", "null"]}},
            },
        },
        "quotes": {"type": "array", "items": {"type": "object"}},
    },
}

QUOTE = {
    "type": "object",
    "required": ["id", "text", "speaker", "topics", "kind"],
    "properties": {
        "id": {"type": "integer"},
        "text": _STR,
        "speaker": {
            "type": "object",
            "properties": {"name": _STR, "description": _NSTR},
        },
        "article": {"$ref": "#/components/schemas/QuoteArticle"},
        "topics": {"type": "array", "items": _STR},
        "kind": _STR,
        "confidence": {"type": ["number", "null"]},
        "origin": _STR,
        "hand_edited": {"type": "boolean"},
        "notes": _NSTR,
    },
}


def _list(items: dict[str, Any], description: str) -> dict[str, Any]:
    """A page of a list: its rows, how many there are in all, and where the page starts."""
    page = {
        "type": "object",
        "required": ["total", "offset", "limit", "results"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": items},
        },
    }
    return {
        "description": description,
        "content": {"application/json": {"schema": page}, "text/csv": {"schema": _STR}},
    }


EXPERT_ROW = {
    "type": "object",
    "required": ["id", "name", "quotes"],
    "properties": {
        "id": {"type": "integer"},
        "name": _STR,
        "description": _NSTR,
        "quotes": {"type": "integer"},
        "outlets": {"type": "array", "items": _STR},
        "last_quoted": _NSTR,
        "aliases": {"type": "array", "items": _STR},
    },
}
ARTICLE_ROW = {
    "type": "object",
    "required": ["id", "title", "quotes"],
    "properties": {
        "id": {"type": "integer"},
        "title": _NSTR,
        "outlet": _NSTR,
        "url": _NSTR,
        "published": _NSTR,
        "published_precision": _NSTR,
        "authors": {"type": "array", "items": _STR},
        "quotes": {"type": "integer"},
    },
}
OUTLET_ROW = {
    "type": "object",
    "required": ["id", "name", "articles", "quotes"],
    "properties": {
        "id": {"type": "integer"},
        "name": _STR,
        "domain": _NSTR,
        "articles": {"type": "integer"},
        "quotes": {"type": "integer"},
    },
}


def _list_get(summary: str, operation: str, items: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": operation,
            "responses": {"200": _list(items, "One page of the list"), **_ERRORS},
        }
    }


_DAY = {"type": ["string", "null"], "format": "date"}
COPY = {
    "type": "object",
    "description": "Another article carrying a hit's words: its quote and the article.",
    "required": ["id", "speaker", "article"],
    "properties": {
        "id": {"type": "integer"},
        "speaker": _STR,
        "article": {
            "type": "object",
            "required": ["id", "title", "outlet", "url", "published"],
            "properties": {
                "id": {"type": ["integer", "null"]},
                "title": _NSTR,
                "outlet": _NSTR,
                "url": _NSTR,
                "published": _DAY,
            },
        },
    },
}
HIT = {
    "type": "object",
    "required": ["id", "text", "speaker", "article", "topics", "kind", "score", "also"],
    "properties": {
        "id": {"type": "integer"},
        "text": _STR,
        "speaker": {
            "type": "object",
            "required": ["name", "description"],
            "properties": {"name": _STR, "description": _NSTR},
        },
        "article": {
            "type": "object",
            "properties": {
                "id": {"type": ["integer", "null"]},
                "title": _NSTR,
                "outlet": _NSTR,
                "url": _NSTR,
                "published": _DAY,
                "authors": {"type": "array", "items": _STR},
            },
        },
        "topics": {"type": "array", "items": _STR},
        "kind": _STR,
        "score": {"type": "number"},
        "highlights": {"type": "string", "description": "The words, each match as **word**."},
        "also": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Copy"},
            "description": "When grouped: the other matching quotes with the same words "
            "(case, punctuation, quotation marks and spacing aside), earliest first, "
            "undated last; the hit itself is the earliest. Empty otherwise.",
        },
        "also_count": {"type": "integer", "minimum": 0, "description": "How many `also` has."},
    },
}


def _search_page() -> dict[str, Any]:
    answer = _list({"$ref": "#/components/schemas/Hit"}, "Hits, best first")
    schema = answer["content"]["application/json"]["schema"]
    schema["properties"]["facets"] = {"type": "object", "description": "Counts of quotes."}
    schema["properties"]["grouped"] = {
        "type": "boolean",
        "description": "Copies of one quote are one hit, and `total` counts such groups.",
    }
    schema["properties"]["exact"] = {
        "type": "boolean",
        "description": "False when `total` is an estimate (a very large match).",
    }
    schema["required"] = [*schema["required"], "grouped", "exact"]
    return answer


def spec(styles: tuple[str, ...], limits: Limits | None = None) -> dict[str, Any]:
    """The description, its inputs written from the declarations the server checks
    requests against (quotesdb/web/inputs.py), at the limits in force."""
    limits = limits or current_limits()
    paths = _paths(styles)
    schemas: dict[str, Any] = {}
    for path, query in QUERIES.items():
        operation = paths[path]["get"]
        operation["parameters"] = [*operation.get("parameters", []), *query.schema()]
    for (path, method), (name, body) in bodies(limits).items():
        schemas[name] = body.schema()
        paths[path][method]["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quotesdb",
            "version": "1",
            "description": "Who said what, where and when, and how to cite it. Writes need "
            "`Authorization: Bearer TOKEN` when the server has a token. The limits are the "
            "server's own (quotesdb/limits.py and its QUOTESDB_MAX_* settings).",
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {"error": _STR, "status": {"type": "integer"}},
                },
                "Quote": QUOTE,
                "Hit": HIT,
                "Copy": COPY,
                "QuoteArticle": QUOTE_ARTICLE,
                "Article": ARTICLE,
                "Byline": BYLINE,
                "Sources": SOURCES,
                **schemas,
            },
        },
        "paths": paths,
    }


def _paths(styles: tuple[str, ...]) -> dict[str, Any]:
    """Each operation, less its query parameters and body (added from their declarations)."""
    return {
        "/api/search": {
            "get": {
                "summary": "Search quotes, as `quotesdb search --json`",
                "operationId": "search",
                "responses": {"200": _search_page(), **_ERRORS},
            }
        },
        "/api/quotes": {
            "post": {
                "summary": "Add a quote by hand, as `quotesdb add`",
                "operationId": "addQuote",
                "security": _SECURED,
                "responses": {
                    "201": _json({"$ref": "#/components/schemas/Quote"}, "The stored quote"),
                    **_WRITE_ERRORS,
                },
            }
        },
        "/api/quotes/{id}": {
            "get": {
                "summary": "One quote with its citations in every style",
                "operationId": "getQuote",
                "parameters": [_path_id("quote")],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/Quote"}, "The quote"),
                    **_ERRORS,
                },
            },
            "patch": {
                "summary": "Correct a quote, as `quotesdb edit`",
                "operationId": "editQuote",
                "security": _SECURED,
                "parameters": [_path_id("quote")],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/Quote"}, "The quote now"),
                    **_WRITE_ERRORS,
                },
            },
        },
        "/api/quotes/{id}/tags": {
            "post": {
                "summary": "Add topics to a quote, as `quotesdb tag`",
                "operationId": "tagQuote",
                "security": _SECURED,
                "parameters": [_path_id("quote")],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/Quote"}, "The quote now"),
                    **_WRITE_ERRORS,
                },
            }
        },
        "/api/quotes/{id}/citations/{style}": {
            "get": {
                "summary": "A quote's citation in one style, as `quotesdb cite`",
                "operationId": "citeQuote",
                "parameters": [
                    _path_id("quote"),
                    {
                        "name": "style",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(styles)},
                        "description": "Any case: MLA is mla.",
                    },
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["id", "style", "to", "citation"],
                            "properties": {
                                "id": {"type": "integer"},
                                "style": _STR,
                                "to": _STR,
                                "citation": _STR,
                            },
                        },
                        "The citation",
                    ),
                    **_ERRORS,
                },
            }
        },
        "/api/experts/{id}": {
            "get": {
                "summary": "An expert: attributes, descriptions over time, outlets, quotes",
                "operationId": "getExpert",
                "parameters": [_path_id("expert")],
                "responses": {
                    "200": {
                        "description": "The expert, with one page of their quotes "
                        "(`quotes_total` in all); as CSV, that page of quotes",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "name", "quotes", "quotes_total"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "name": _STR,
                                        "quotes": {
                                            "type": "array",
                                            "items": {"type": "object"},
                                        },
                                        "quotes_total": {"type": "integer", "minimum": 0},
                                        "offset": {"type": "integer", "minimum": 0},
                                        "limit": {"type": "integer", "minimum": 1},
                                    },
                                }
                            },
                            "text/csv": {"schema": _STR},
                        },
                    },
                    **_ERRORS,
                },
            },
            "patch": {
                "summary": "Set an expert's attributes, as `quotesdb expert set`",
                "operationId": "setExpertAttributes",
                "security": _SECURED,
                "parameters": [_path_id("expert")],
                "responses": {
                    "200": _json({"type": "object"}, "The expert's attributes now"),
                    **_WRITE_ERRORS,
                },
            },
        },
        "/api/report": {
            "get": {
                "summary": "Who is quoted, as `quotesdb report --format json`",
                "operationId": "sourceReport",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["by", "rows", "topics", "undated_quotes"],
                            "properties": {
                                "by": _STR,
                                "rows": {"type": "array", "items": {"type": "object"}},
                                "topics": {"type": "array", "items": {"type": "object"}},
                                "undated_quotes": {"type": "integer"},
                            },
                        },
                        "The figures",
                    ),
                    **_ERRORS,
                },
            }
        },
        "/api/review/{id}": {
            "post": {
                "summary": "Decide on a queued quote, as `quotesdb review` does",
                "operationId": "reviewDecision",
                "security": _SECURED,
                "parameters": [_path_id("quote")],
                "responses": {
                    "200": _json(
                        {
                            "oneOf": [
                                {"$ref": "#/components/schemas/Quote"},
                                {
                                    "type": "object",
                                    "required": ["id", "deleted"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "deleted": {"const": True},
                                    },
                                },
                            ]
                        },
                        "The quote now, or that it was deleted (no-speaker)",
                    ),
                    **_WRITE_ERRORS,
                },
            }
        },
        "/api/experts": _list_get(
            "Everyone quoted, most quoted first, as `quotesdb experts`",
            "listExperts",
            EXPERT_ROW,
        ),
        "/api/articles": _list_get(
            "Articles, newest first, as `quotesdb articles`",
            "listArticles",
            ARTICLE_ROW,
        ),
        "/api/outlets": _list_get(
            "Outlets by name, with their articles and quotes, as `quotesdb outlets`",
            "listOutlets",
            OUTLET_ROW,
        ),
        "/api/articles/{id}": {
            "get": {
                "summary": "An article's text in runs, each quote's run marked with its id",
                "operationId": "getArticle",
                "parameters": [_path_id("article")],
                "responses": {
                    "200": _json(
                        {"$ref": "#/components/schemas/Article"},
                        "The article: its byline with each author's kind, where each "
                        "field came from, its text in runs and its quotes",
                    ),
                    **_ERRORS,
                },
            }
        },
        "/api/review": {
            "get": {
                "summary": "The review queue: the least sure attributions first",
                "operationId": "reviewQueue",
                "responses": {
                    "200": _list(
                        {"$ref": "#/components/schemas/Quote"},
                        "Quotes to review, with the paragraph each was read from",
                    ),
                    **_ERRORS,
                },
            }
        },
    }
