"""Every route over real HTTP (Starlette's TestClient), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL, built_archive, csrf_of


@pytest.fixture
def archive(tmp_path: Path, db_url: str) -> Cli:
    return built_archive(tmp_path / "home", db_url)


@pytest.fixture
def client(archive: Cli) -> Iterator[TestClient]:
    app = create_app(resolve(archive.home, archive.url))
    with TestClient(app, base_url=LOCAL) as http:
        yield http


def first_id(client: TestClient, **params: str) -> int:
    found = client.get("/api/search", params=params).json()["results"]
    assert found, params
    return int(found[0]["id"])


def test_search_page_shows_highlights_facets_and_shareable_filters(client: TestClient) -> None:
    page = client.get("/", params={"q": "sanctions"})
    assert page.status_code == 200
    assert "<mark>" in page.text
    facet = re.search(r'<a href="([^"]+)" data-facet="expert">', page.text)
    assert facet, "no expert facet"
    narrowed = client.get(facet.group(1).replace("&amp;", "&"))
    assert narrowed.status_code == 200 and "Filters:" in narrowed.text
    total = int(re.search(r"(\d+) quotes?", narrowed.text).group(1))  # type: ignore[union-attr]
    assert 0 < total <= int(re.search(r"(\d+) quotes?", page.text).group(1))  # type: ignore[union-attr]


def test_year_filter_matches_the_year_facet(client: TestClient) -> None:
    body = client.get("/api/search", params={"facets": "true", "limit": "100"}).json()
    years = {y: n for y, n in body["facets"]["year"].items() if y != "n.d."}
    year, count = next(iter(years.items()))
    narrowed = client.get("/api/search", params={"year": year, "limit": "100"}).json()
    assert narrowed["total"] == count
    assert all(h["article"]["published"].startswith(year) for h in narrowed["results"])


def test_bad_input_is_a_4xx_with_a_message(client: TestClient) -> None:
    assert client.get("/", params={"q": '"unbalanced'}).status_code == 400
    api = client.get("/api/search", params={"q": "(open"})
    assert api.status_code == 400 and "parenthesis" in api.json()["error"]
    assert client.get("/api/search", params={"limit": "0"}).status_code == 400
    assert client.get("/api/search", params={"since": "yesterday"}).status_code == 400
    assert client.get("/api/quotes/999999").status_code == 404
    assert client.get("/quotes/99999999999999999999").status_code == 404
    assert client.get("/api/quotes/1/citations/nonsense").status_code == 400


def test_quote_page_has_every_citation_style_and_the_fragment_link(client: TestClient) -> None:
    from quotesdb.cite import STYLES

    quote_id = first_id(client, q="manpower")
    page = client.get(f"/quotes/{quote_id}")
    assert page.status_code == 200
    for style in STYLES:
        assert f'id="copy-{style}"' in page.text
    api = client.get(f"/api/quotes/{quote_id}/citations/chicago").json()
    assert api["citation"] in page.text.replace("&#34;", '"').replace("&#39;", "'")
    assert set(client.get(f"/api/quotes/{quote_id}").json()["citations"]) == set(STYLES)
    sourced = {"text": "Links should land on the words.", "speaker": "Lin Kay"}
    sourced |= {"url": "https://example.com/links", "title": "On links"}
    made = client.post("/api/quotes", json=sourced).json()
    link = client.get(f"/api/quotes/{made['id']}").json()["fragment_url"]
    assert link.startswith("https://example.com/links#:~:text=Links")
    assert f'href="{link}"' in client.get(f"/quotes/{made['id']}").text


def test_expert_page_has_descriptions_outlets_and_quotes(client: TestClient) -> None:
    quote = client.get(f"/api/quotes/{first_id(client, expert='lukyanov')}").json()
    expert = client.get(f"/api/experts/{quote['expert_id']}").json()
    assert expert["name"] == "Fyodor Lukyanov" and expert["quotes"]
    assert expert["descriptions"] and expert["outlets"]
    page = client.get(f"/experts/{quote['expert_id']}")
    assert (
        "Described as, over time" in page.text
        and expert["descriptions"][0]["description"] in page.text
    )
    found = client.get("/expert", params={"name": "lukyanov"}, follow_redirects=False)
    assert (
        found.status_code == 303 and found.headers["location"] == f"/experts/{quote['expert_id']}"
    )
    assert "Fyodor Lukyanov" in client.get("/experts").text


def test_article_page_marks_its_quotes_at_their_offsets(client: TestClient) -> None:
    quote = client.get(f"/api/quotes/{first_id(client, q='manpower')}").json()
    article = client.get(f"/api/articles/{quote['article']['id']}").json()
    marked = [r for r in article["runs"] if r["quote"] == quote["id"]]
    assert marked and marked[0]["text"] == quote["text"]
    page = client.get(f"/articles/{quote['article']['id']}")
    assert f'id="q{quote["id"]}"' in page.text


def test_add_edit_and_tag_through_the_forms(client: TestClient) -> None:
    form = client.get("/quotes/new")
    token = csrf_of(form.text)
    added = client.post(
        "/quotes/new",
        data={
            "csrf_token": token,
            "text": "Newsrooms need their archives searchable.",
            "speaker": "Jane Webtest",
            "new_expert": "on",  # no one stored has the name: the form asks first
            "url": "https://example.com/web-test",
            "title": "A web test",
            "outlet": "Example Times",
            "published": "2024-05-01",
            "topics": "archives",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    quote_id = int(added.headers["location"].rsplit("/", 1)[1])
    hits = client.get("/api/search", params={"q": "archives searchable"}).json()["results"]
    assert [h["id"] for h in hits] == [quote_id]  # the index caught up before answering
    edited = client.post(
        f"/quotes/{quote_id}/edit",
        data={"csrf_token": token, "text": "Newsrooms need archives.", "speaker": "Jane Webtest"},
    )
    assert edited.status_code == 200 and "Newsrooms need archives." in edited.text
    client.post(
        f"/quotes/{quote_id}/tag", data={"csrf_token": token, "topics": "media, webtoolkit"}
    )
    assert {"media", "webtoolkit"} <= set(client.get(f"/api/quotes/{quote_id}").json()["topics"])
    assert client.get("/api/search", params={"topic": "webtoolkit"}).json()["total"] == 1
    bad = client.post("/quotes/new", data={"csrf_token": token, "text": "", "speaker": "x"})
    assert bad.status_code == 400 and "empty" in bad.text


def test_json_api_writes(client: TestClient) -> None:
    body = {"text": "An API quote about ledgers.", "speaker": "Api Person", "topics": ["ledgers"]}
    made = client.post("/api/quotes", json=body)
    assert made.status_code == 201
    quote_id = made.json()["id"]
    assert client.post("/api/quotes", json=body).status_code == 409
    unknown = client.patch(f"/api/quotes/{quote_id}", json={"speaker": "Api Persona"})
    assert unknown.status_code == 404 and "new-expert" in unknown.json()["error"]
    patched = client.patch(
        f"/api/quotes/{quote_id}", json={"speaker": "Api Persona", "new_expert": True}
    )
    assert patched.json()["speaker"]["name"] == "Api Persona"
    tagged = client.post(f"/api/quotes/{quote_id}/tags", json={"topics": ["books"]})
    assert "books" in tagged.json()["topics"]
    assert client.post("/api/quotes", content="text=x").status_code == 415
    assert client.post("/api/quotes", json=[1]).status_code == 400


def test_review_queue(client: TestClient) -> None:
    queue = client.get("/api/review").json()
    assert queue["total"] == len(queue["results"]) > 0
    page = client.get("/review")
    assert page.status_code == 200
    for quote in queue["results"][:3]:
        assert f"/quotes/{quote['id']}" in page.text
    assert all(q["confidence"] < 0.7 for q in queue["results"])


def test_search_pages_with_counts_and_links_that_keep_the_filters(client: TestClient) -> None:
    whole = client.get("/api/search", params={"q": "russia OR kim", "limit": "100"}).json()
    assert whole["total"] > 5, "the seed archive should have more than one page of 5"
    first = client.get("/api/search", params={"q": "russia OR kim", "limit": "5"}).json()
    second = client.get("/api/search", params={"q": "russia OR kim", "limit": "5", "page": "2"})
    by_offset = client.get(
        "/api/search", params={"q": "russia OR kim", "limit": "5", "offset": "5"}
    ).json()
    ids = [h["id"] for h in whole["results"]]
    assert [h["id"] for h in first["results"]] == ids[:5]
    assert (
        [h["id"] for h in second.json()["results"]]
        == ids[5:10]
        == [h["id"] for h in by_offset["results"]]
    )
    assert second.json()["total"] == whole["total"] and second.json()["offset"] == 5
    page = client.get("/", params={"q": "russia OR kim", "limit": "5"}).text
    assert f"1–5 of {whole['total']} quotes" in page
    after = re.search(r'id="next-page" href="([^"]+)"', page)
    assert after and after.group(1) == "/?q=russia+OR+kim&amp;page=2&amp;limit=5"
    two = client.get(after.group(1).replace("&amp;", "&")).text
    assert f"6–{min(10, whole['total'])} of {whole['total']} quotes" in two
    assert 'id="previous-page"' in two and '<ol class="hits" start="6">' in two
    csv = re.search(r'href="([^"]+)" class="csv-link"', two)
    assert csv and "q=russia+OR+kim" in csv.group(1) and "offset=5" in csv.group(1)
    rows = client.get(csv.group(1).replace("&amp;", "&"))
    assert rows.headers["content-type"].startswith("text/csv")
    assert rows.text.splitlines()[0].startswith("id,speaker,description,text")
    assert len(rows.text.strip().splitlines()) == whole["total"] - 5 + 1


def test_list_endpoints_page_and_count(client: TestClient) -> None:
    for path, key in (
        ("/api/experts", "name"),
        ("/api/articles", "title"),
        ("/api/outlets", "name"),
    ):
        whole = client.get(path, params={"limit": "500"}).json()
        assert whole["total"] == len(whole["results"]) >= 2, path
        one = client.get(path, params={"limit": "1", "page": "2"}).json()
        assert one == {**whole, "offset": 1, "limit": 1, "results": whole["results"][1:2]}, path
        csv = client.get(path, params={"format": "csv"}).text.splitlines()
        assert key in csv[0].split(",") and len(csv) == whole["total"] + 1, path
    outlet = client.get("/api/outlets").json()["results"][0]["name"]
    narrowed = client.get("/api/articles", params={"outlet": outlet}).json()
    assert narrowed["total"] >= 1 and all(a["outlet"] == outlet for a in narrowed["results"])
    page = client.get("/articles", params={"outlet": outlet}).text
    assert "outlet=" in re.search(r'href="([^"]+)" class="json-link"', page).group(1)  # type: ignore[union-attr]
    expert = client.get("/api/experts").json()["results"][0]
    profile = client.get(f"/api/experts/{expert['id']}", params={"limit": "1"}).json()
    assert len(profile["quotes"]) == 1 and profile["quotes_total"] == expert["quotes"]
    assert (
        f"1–1 of {expert['quotes']} quotes"
        in client.get(f"/experts/{expert['id']}", params={"limit": "1"}).text
    )


def test_paging_mistakes_are_400s(client: TestClient) -> None:
    for params in (
        {"offset": "5", "page": "2"},
        {"page": "0"},
        {"offset": "-1"},
        {"limit": "501"},
        {"page": "10000", "limit": "50"},
        {"format": "xml"},
    ):
        for path in ("/api/search", "/api/experts", "/api/review", "/review"):
            if path.startswith("/api") or "format" not in params:  # pages ignore a format
                assert client.get(path, params=params).status_code == 400, (path, params)


def test_the_api_refuses_what_its_description_forbids_where_pages_forgive(
    client: TestClient,
) -> None:
    """A blank form field is "not given" on a page; the API's description says what each
    parameter is, and the API holds callers to it (a 400 naming the parameter)."""
    refused = {
        "/api/search": [
            "q=x&format=",
            "q=x&kind=",
            "q=x&year=",
            "q=x&year=2023&year=2024",
            "q=x&facets=yes",
            "q=x&limit=+5",
            "q=x&since=2024-5-1",
        ],
        "/api/experts": ["format=", "page=", "since=", "limit=1&limit=2"],
        "/api/articles": ["until=", "format=CSV"],
        "/api/outlets": ["offset="],
        "/api/review": ["page=one"],
        "/api/report": ["by=", "by=decade", "total=on", "since=", "by=year&by=month"],
        "/api/quotes/1/citations/mla": ["to=", "to=rtf"],
    }
    for path, queries in refused.items():
        for query in queries:
            answer = client.get(f"{path}?{query}")
            assert answer.status_code == 400, (path, query)
            name = query.rsplit("&", 1)[-1].split("=")[0]
            assert name in answer.json()["error"], (path, query, answer.json())
    described = client.get("/api/openapi.json").json()["components"]["schemas"]
    longest = described["NewQuote"]["properties"]["speaker"]["maxLength"]
    bodies = [
        ("post", "/api/quotes", {"text": "Long names.", "speaker": "N" * (longest + 1)}, "speaker"),
        ("post", "/api/quotes", {"text": "", "speaker": "Ann Lee"}, "text"),
        (
            "post",
            "/api/quotes",
            {"text": "Dated.", "speaker": "A B", "published": "May"},
            "published",
        ),
        ("patch", "/api/quotes/1", {"notes": 7}, "notes"),
        ("post", "/api/quotes/1/tags", {"topics": []}, "topics"),
        ("post", "/api/review/1", {"decision": "maybe"}, "decision"),
        ("patch", "/api/experts/1", {"country": ["DE"]}, "country"),
    ]
    for method, path, body, name in bodies:
        answer = client.request(method, path, json=body)
        assert answer.status_code == 400, (path, body)
        assert answer.json()["error"].startswith(f"{name}: "), (path, answer.json())
    names = [row["name"] for row in client.get("/api/outlets").json()["results"][:2]]
    two = client.get("/api/report", params=[("outlet", n) for n in names] + [("total", "true")])
    assert two.status_code == 200 and len(names) == 2
    assert client.get("/", params={"q": "sanctions", "kind": "", "year": ""}).status_code == 200
    report = client.get("/report", params={"outlet": "", "since": "", "total": "1"}).text
    assert 'href="/api/report?by=year&amp;total=true"' in report


def test_a_second_server_over_one_database_catches_up(archive: Cli, tmp_path: Path) -> None:
    one = create_app(resolve(archive.home, archive.url))
    two = create_app(resolve(tmp_path / "other-home", archive.url))
    with TestClient(one, base_url=LOCAL) as first, TestClient(two, base_url=LOCAL) as second:
        assert second.get("/api/search", params={"q": "zebrafish"}).json()["total"] == 0
        first.post("/api/quotes", json={"text": "Zebrafish regrow fins.", "speaker": "Ann Fin"})
        assert second.get("/api/search", params={"q": "zebrafish"}).json()["total"] == 1


def test_report_page_shows_the_figures_and_their_chart(client: TestClient) -> None:
    page = client.get("/report", params={"by": "year"})
    assert page.status_code == 200
    assert "The Christian Science Monitor" in page.text and "<svg" in page.text
    assert "<script" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert client.get("/report", params={"by": "decade"}).status_code == 400


def test_trace_page_lists_where_a_quote_appeared(client: TestClient) -> None:
    quote_id = first_id(client, q="sanctions")
    page = client.get(f"/quotes/{quote_id}/trace")
    assert page.status_code == 200
    assert (
        f'href="/quotes/{quote_id}"' in page.text
        and "in 1 outlet," in page.text
        and 'id="traced-words"' in page.text
    )
    assert f"/quotes/{quote_id}/trace" in client.get(f"/quotes/{quote_id}").text
    assert client.get("/quotes/999999/trace").status_code == 404


def test_a_repeated_search_is_remembered_until_the_archive_changes(client: TestClient) -> None:
    live = client.app.state.live  # type: ignore[attr-defined]
    params = {"q": "sanctions", "limit": "100"}
    first = client.get("/api/search", params=params).json()
    remembered = live.cache_hits
    assert client.get("/api/search", params=params).json() == first
    assert live.cache_hits == remembered + 1
    assert client.get("/", params={"q": "sanctions"}).status_code == 200  # pages share it
    made = client.post(
        "/api/quotes", json={"text": "Sanctions bite slowly.", "speaker": "Cache Tester"}
    )
    assert made.status_code == 201
    after = client.get("/api/search", params=params).json()
    assert live.cache_hits == remembered + 1, "a changed archive must be searched afresh"
    assert made.json()["id"] in [h["id"] for h in after["results"]]
    assert after["total"] == first["total"] + 1


def test_serves_default_search_cache_is_the_apps() -> None:
    import inspect

    from quotesdb.cli.serve import serve
    from quotesdb.web.live import SEARCH_CACHE

    assert inspect.signature(serve).parameters["search_cache"].default == SEARCH_CACHE


def _dated_quote(client: TestClient, speaker: str, outlet: str, day: str) -> dict[str, Any]:
    body = {"text": f"{speaker} on {outlet} news, {day}.", "speaker": speaker}
    slug = outlet.lower().replace(" ", "-")
    body |= {"url": f"https://example.com/{slug}/{day}", "title": f"{outlet} {day}"}
    made = client.post("/api/quotes", json=body | {"outlet": outlet, "published": day})
    assert made.status_code == 201, made.text
    record: dict[str, Any] = made.json()
    return record


def test_expert_attributes_are_entered_and_a_suggestion_waits_for_a_yes(
    client: TestClient,
) -> None:
    expert_id = _dated_quote(client, "Maria Websource", "Attr Times", "2024-05-01")["expert_id"]
    page = client.get(f"/experts/{expert_id}")
    assert "The first name suggests <strong>female</strong>" in page.text
    stored = client.get(f"/api/experts/{expert_id}").json()
    assert stored["gender"] is None and stored["suggested_gender"] == "female"  # not stored

    token = csrf_of(page.text)
    confirmed = client.post(
        f"/experts/{expert_id}/attributes",
        data={"csrf_token": token, "gender": "female"},  # what the suggestion's button posts
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    stored = client.get(f"/api/experts/{expert_id}").json()
    assert (stored["gender"], stored["suggested_gender"], stored["country"]) == (
        "female",
        None,
        None,
    )
    assert "The first name suggests" not in client.get(f"/experts/{expert_id}").text

    form = {"csrf_token": token, "gender": "Non Binary", "affiliation_kind": "think tank"}
    saved = client.post(f"/experts/{expert_id}/attributes", data=form | {"country": "uk"})
    assert saved.status_code == 200 and 'id="country">GB<' in saved.text
    bad = client.post(f"/experts/{expert_id}/attributes", data=form | {"country": "Narnia"})
    assert bad.status_code == 400 and "ISO 3166-1" in bad.text
    stored = client.get(f"/api/experts/{expert_id}").json()  # nothing half-written
    assert (stored["gender"], stored["affiliation_kind"], stored["country"]) == (
        "non-binary",
        "think tank",
        "GB",
    )
    report = client.get("/api/report", params={"outlet": "Attr Times"}).json()
    (row,) = report["rows"]
    assert row["attributes"]["gender"] == {"non-binary": 1}
    assert row["attributes"]["country"] == {"GB": 1} and row["unknown_share"]["country"] == 0

    cleared = client.patch(
        f"/api/experts/{expert_id}", json={"gender": None, "country": "", "affiliation_kind": "?"}
    )
    assert cleared.status_code == 200
    assert (cleared.json()["gender"], cleared.json()["country"]) == (None, None)
    assert client.patch(f"/api/experts/{expert_id}", json={"country": 7}).status_code == 400
    assert client.patch(f"/api/experts/{expert_id}", json={}).status_code == 400
    assert client.patch("/api/experts/999999", json={"gender": "male"}).status_code == 404
    refused = client.post(f"/experts/{expert_id}/attributes", data={"gender": "male"})
    assert refused.status_code == 403  # no CSRF value
    assert client.get(f"/api/experts/{expert_id}").json()["gender"] is None


def test_report_page_filters_shows_attributes_and_downloads_what_the_cli_gives(
    client: TestClient, archive: Cli
) -> None:
    _dated_quote(client, "Rhea Alpha", "Alpha Web", "2024-05-01")
    _dated_quote(client, "Sol Beta", "Alpha Web", "2024-06-11")
    _dated_quote(client, "Tam Gamma", "Beta Web", "2023-02-01")
    params = {"by": "month", "outlet": "Alpha Web", "since": "2024-01-01"}
    page = client.get("/report", params=params)
    assert page.status_code == 200
    table = page.text.split('id="report-table"', 1)[1]
    assert table.count("<td>Alpha Web</td>") == 2 and "Beta Web" not in table
    assert "2024-05" in table and "2024-06" in table
    assert table.count("(100% unknown)") == 6  # two rows, three attributes, none entered

    args = ["report", "--by", "month", "--outlet", "Alpha Web", "--since", "2024-01-01"]
    csv_file = client.get("/report.csv", params=params)
    assert csv_file.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_file.headers["content-disposition"]
    assert csv_file.text == archive(*args, "--format", "csv").stdout
    assert client.get("/api/report", params=params).json() == json.loads(
        archive(*args, "--format", "json").stdout
    )
    assert 'href="/report.csv?by=month&amp;outlet=Alpha+Web' in page.text
    assert client.get("/report", params={"since": "May 1"}).status_code == 400
    assert client.get("/report", params={"outlet": "No Such Outlet"}).status_code == 404


def test_report_page_shows_the_first_rows_and_points_to_the_downloads(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dated_quote(client, "Rhea Alpha", "Alpha Web", "2024-05-01")
    _dated_quote(client, "Tam Gamma", "Beta Web", "2023-02-01")
    whole = client.get("/api/report", params={"by": "month"}).json()["rows"]
    assert len(whole) == 3
    assert 'id="table-note"' not in client.get("/report", params={"by": "month"}).text
    monkeypatch.setattr("quotesdb.web.pages.TABLE_ROWS", 2)
    page = client.get("/report", params={"by": "month"})
    assert page.status_code == 200
    table = page.text.split('id="report-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr><td>") == 2
    note = page.text.split('id="table-note">', 1)[1].split("</p>", 1)[0]
    assert f"the first 2 of {len(whole)} rows" in note and 'href="/report.csv?by=month' in note


def test_pages_answer_while_a_writer_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads take no write lock: an import in progress must not stall every page. With the
    busy timeout cut to a tenth of a second, a page that queued behind the writer would
    fail with 'database is locked' (503) instead of answering."""
    import sqlite3

    monkeypatch.setattr("quotesdb.db.session.SQLITE_BUSY_MS", 100)
    archive = built_archive(tmp_path / "home", None)
    settings = resolve(archive.home, None)
    with TestClient(create_app(settings), base_url=LOCAL) as http:
        expert_id = http.get("/api/experts/1").json()["id"]
        writer = sqlite3.connect(settings.database_url.split(":///", 1)[1], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            assert http.get(f"/experts/{expert_id}").status_code == 200
            assert http.get("/report").status_code == 200
        finally:
            writer.rollback()
            writer.close()


def test_review_in_the_web_app_accepts_corrects_and_drops(client: TestClient) -> None:
    page = client.get("/review")
    token = csrf_of(page.text)
    queue = client.get("/api/review").json()["results"]
    assert len(queue) >= 2
    first, second = queue[0], queue[1]
    assert first["paragraph"] and first["paragraph"] in page.text.replace("&#39;", "'")
    assert f"confidence {first['confidence']:.2f}" in page.text
    accepted = client.post(
        f"/review/{first['id']}?page=1",
        data={"csrf_token": token, "decision": "accept"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/review?page=1"
    left = [q["id"] for q in client.get("/api/review").json()["results"]]
    assert first["id"] not in left
    assert client.get(f"/api/quotes/{first['id']}").json()["reviewed"] is True
    unknown = client.post(
        f"/review/{second['id']}",
        data={"csrf_token": token, "decision": "correct", "speaker": "Nobody Weknow"},
    )
    assert unknown.status_code == 400 and "Nobody Weknow" in unknown.text
    speaker = client.get("/api/experts").json()["results"][-1]["name"]
    client.post(
        f"/review/{second['id']}",
        data={"csrf_token": token, "decision": "correct", "speaker": speaker},
    )
    corrected = client.get(f"/api/quotes/{second['id']}").json()
    assert corrected["speaker"]["name"] == speaker and corrected["reviewed"] is True
    gone = client.post(
        "/api/quotes", json={"text": "A slogan, not a quote.", "speaker": "Slo Gan"}
    ).json()
    assert client.post(f"/api/review/{gone['id']}", json={"decision": "no-speaker"}).json() == {
        "id": gone["id"],
        "deleted": True,
    }
    assert client.get(f"/api/quotes/{gone['id']}").status_code == 404
    assert client.post(f"/api/review/{first['id']}", json={"decision": "maybe"}).status_code == 400
    forged = client.post(f"/review/{second['id']}", data={"decision": "accept"})
    assert forged.status_code == 403


def test_quote_page_shows_its_paragraph_and_confidence(client: TestClient) -> None:
    quote = client.get("/api/review").json()["results"][0]
    page = client.get(f"/quotes/{quote['id']}").text.replace("&#39;", "'")
    assert 'id="paragraph"' in page and quote["paragraph"] in page
    assert f"Attribution confidence {quote['confidence']:.2f}" in page


def test_citations_in_any_case_and_for_any_target(client: TestClient) -> None:
    quote_id = first_id(client, q="manpower")
    upper = client.get(f"/api/quotes/{quote_id}/citations/MLA")
    assert upper.status_code == 200 and upper.json()["style"] == "mla"
    assert (
        upper.json()["citation"]
        == client.get(f"/api/quotes/{quote_id}/citations/mla").json()["citation"]
    )
    html = client.get(f"/api/quotes/{quote_id}/citations/Chicago", params={"to": "html"}).json()
    assert "<i>" in html["citation"] and "*" not in html["citation"]
    text = client.get(f"/api/quotes/{quote_id}/citations/apa", params={"to": "text"}).json()
    assert "*" not in text["citation"] and "<i>" not in text["citation"]
    assert (
        client.get(f"/api/quotes/{quote_id}/citations/apa", params={"to": "pdf"}).status_code == 400
    )
    page = client.get(f"/quotes/{quote_id}").text
    assert 'id="copy-rich-mla"' in page and "data-copy-html=" in page


def test_a_new_speaker_does_not_keep_the_old_speakers_role(client: TestClient) -> None:
    article = client.get("/api/articles", params={"limit": "500"}).json()["results"]
    busiest = max(article, key=lambda a: a["quotes"])
    quotes = client.get(f"/api/articles/{busiest['id']}").json()["quotes"]
    records = [client.get(f"/api/quotes/{q['id']}").json() for q in quotes]
    described = {r["speaker"]["name"]: r["speaker"]["description"] for r in records}
    one = next(r for r in records if r["speaker"]["description"])
    other = next(n for n, d in described.items() if d and n != one["speaker"]["name"])
    moved = client.patch(f"/api/quotes/{one['id']}", json={"speaker": other}).json()
    assert moved["speaker"] == {"name": other, "description": described[other]}
    stranger = {"speaker": "Quinn Elsewhere", "new_expert": True}
    assert client.patch(f"/api/quotes/{one['id']}", json=stranger).json()["speaker"] == {
        "name": "Quinn Elsewhere",
        "description": None,
    }
    form = client.get(f"/quotes/{one['id']}/edit").text
    token = csrf_of(form)
    client.post(  # the form sends the old role back unchanged: it is not the new speaker's
        f"/quotes/{one['id']}/edit",
        data={
            "csrf_token": token,
            "text": one["text"],
            "speaker": other,
            "description": "",
            "was_speaker": "Quinn Elsewhere",
            "was_description": "",
        },
    )
    assert (
        client.get(f"/api/quotes/{one['id']}").json()["speaker"]["description"]
        == (described[other])
    )


def test_add_finds_the_speaker_as_edit_does(client: TestClient) -> None:
    made = client.post("/api/quotes", json={"text": "Ports are slow.", "speaker": "Lukyanov"})
    assert made.status_code == 201 and made.json()["speaker"]["name"] == "Fyodor Lukyanov"
    client.post("/api/quotes", json={"text": "Nets are torn.", "speaker": "Ann Markov"})
    both = client.post("/api/quotes", json={"text": "Tides turn.", "speaker": "Markov"})
    assert both.status_code == 409 and "Ann Markov, Sergei Markov" in both.json()["error"]
    refused = client.post(
        "/api/quotes", json={"text": "Tides turn.", "speaker": "Zed Nobody", "new_expert": False}
    )
    assert refused.status_code == 404 and "confirm a new expert" in refused.json()["error"]
    token = csrf_of(client.get("/quotes/new").text)
    typed = {"csrf_token": token, "text": "Tides turn twice.", "speaker": "Markov"}
    page = client.post("/quotes/new", data=typed)
    assert page.status_code == 400
    assert 'name="speaker_choice" value="Sergei Markov"' in page.text
    chosen = client.post(
        "/quotes/new", data={**typed, "speaker_choice": "Sergei Markov"}, follow_redirects=False
    )
    assert chosen.status_code == 303
    quote = client.get(chosen.headers["location"].replace("/quotes/", "/api/quotes/")).json()
    assert quote["speaker"]["name"] == "Sergei Markov"
    unknown = {"csrf_token": token, "text": "Fog lifts.", "speaker": "Zed Nobody"}
    asked = client.post("/quotes/new", data=unknown)
    assert asked.status_code == 400 and "confirm a new expert" in asked.text
    confirmed = client.post("/quotes/new", data={**unknown, "new_expert": "on"})
    assert confirmed.status_code == 200 and "Zed Nobody" in confirmed.text


def test_the_expert_page_forgives_spelling_and_offers_the_candidates(client: TestClient) -> None:
    found = client.get("/expert", params={"name": "lukianov"}, follow_redirects=False)
    lukyanov = client.get("/api/experts", params={"limit": "500"}).json()["results"]
    expert_id = next(e["id"] for e in lukyanov if e["name"] == "Fyodor Lukyanov")
    assert found.status_code == 303 and found.headers["location"] == f"/experts/{expert_id}"
    client.post("/api/quotes", json={"text": "Nets are torn.", "speaker": "Ann Markov"})
    several = client.get("/expert", params={"name": "markov"})
    assert several.status_code == 409
    assert 'href="/expert?name=Sergei%20Markov"' in several.text
    assert 'href="/expert?name=Ann%20Markov"' in several.text
    assert client.get("/expert", params={"name": "zzyzx"}).status_code == 404


def test_published_keeps_a_year_or_a_month(client: TestClient) -> None:
    body = {"text": "Months matter.", "speaker": "Mo Nth", "title": "On months"}
    made = client.post("/api/quotes", json={**body, "published": "2024-05"}).json()
    assert made["article"]["published"] == "2024-05-01"
    assert made["article"]["published_precision"] == "month"
    year = client.post(
        "/api/quotes", json={**body, "text": "Years too.", "title": "Y", "published": "2023"}
    ).json()
    assert year["article"]["published_precision"] == "year"
    bad = client.post("/api/quotes", json={**body, "text": "x", "published": "May 2024"})
    assert bad.status_code == 400
    token = csrf_of(client.get("/quotes/new").text)
    form = {"csrf_token": token, "text": "Form years.", "speaker": "Mo Nth", "title": "F"}
    page = client.post("/quotes/new", data={**form, "published": "2022"})
    assert page.status_code == 200 and "2022" in page.text


def test_the_cli_forgives_an_experts_spelling_and_says_what_add_stored(archive: Cli) -> None:
    shown = archive("expert", "lukianov")
    assert shown.exit_code == 0 and "Fyodor Lukyanov" in shown.output
    added = archive("add", "Harbours silt up.", "--speaker", "Lukyanov", "--no-prompt")
    assert added.exit_code == 0, added.output
    assert re.fullmatch(
        r'Added quote #\d+ by Fyodor Lukyanov \("Lukyanov"\)\.', added.stdout.strip()
    ), added.stdout
    outlets = archive("outlets")
    assert re.search(r"\(1 article, \d+ quotes\)", outlets.stdout), outlets.stdout


def test_capture_stores_the_page_lists_its_quotes_and_offers_a_missed_selection(
    client: TestClient,
) -> None:
    from web_helpers import ARTICLE_PAGE, serve_page

    server, url = serve_page(ARTICLE_PAGE)
    try:
        help_page = client.get("/capture").text
        assert 'id="bookmarklet" href="javascript:' in help_page
        missed = "the river simply did not cooperate this winter"
        form = client.get("/capture/new", params={"url": url, "selection": missed}).text
        assert url in form and missed in form
        token = csrf_of(form)
        assert client.post("/capture/new", data={"url": url}).status_code == 403  # no CSRF
        stored = client.post(
            "/capture/new",
            data={"csrf_token": token, "url": url, "selection": missed},
            follow_redirects=False,
        )
        assert stored.status_code == 303, stored.text
        page = client.get(stored.headers["location"]).text.replace("&#39;", "'")
        assert "Marta Kowalczyk" in page and "Idris Okonjo" in page
        assert 'id="missed-form"' in page and missed in page
        article_id = int(stored.headers["location"].split("/")[2].split("?")[0])
        first = int(re.findall(r'id="captured-(\d+)"', page)[0])
        back = stored.headers["location"]
        wrong = client.post(
            f"/review/{first}",
            data={
                "csrf_token": token,
                "decision": "correct",
                "speaker": "Nobody Atall",
                "back": back,
            },
        )
        assert wrong.status_code == 400 and "Nobody Atall" in wrong.text
        assert 'id="missed-form"' in wrong.text  # still the captured page, selection and all
        accepted = client.post(
            f"/review/{first}",
            data={"csrf_token": token, "decision": "accept", "back": back},
            follow_redirects=False,
        )
        assert accepted.headers["location"] == back
        added = client.post(
            "/quotes/new",
            data={
                "csrf_token": token,
                "article_id": str(article_id),
                "text": missed,
                "speaker": "Contractor Spokesman",
                "new_expert": "on",
            },
            follow_redirects=False,
        )
        assert added.status_code == 303
        quote = client.get(added.headers["location"].replace("/quotes/", "/api/quotes/")).json()
        assert quote["article"]["id"] == article_id and quote["text"] == missed
        found = client.get(
            f"/capture/{article_id}", params={"selection": "“would not open a bridge”"}
        ).text
        assert 'id="selection-found"' in found
        bad = client.post("/capture/new", data={"csrf_token": token, "url": "notaurl"})
        assert bad.status_code == 400 and "not an http(s) URL" in bad.text
    finally:
        server.shutdown()  # type: ignore[attr-defined]


def test_notes_are_kept_shown_exported_and_never_cited(
    client: TestClient, archive: Cli, tmp_path: Path
) -> None:
    quote_id = first_id(client, q="manpower")
    before = client.get(f"/api/quotes/{quote_id}").json()
    note = "Call the ministry back about this figure."
    patched = client.patch(f"/api/quotes/{quote_id}", json={"notes": note}).json()
    assert patched["notes"] == note and patched["hand_edited"] == before["hand_edited"]
    page = client.get(f"/quotes/{quote_id}").text
    assert 'id="notes"' in page and note in page
    cited = client.get(f"/api/quotes/{quote_id}").json()["citations"]
    assert not any("ministry" in text for text in cited.values())
    edit_form = client.get(f"/quotes/{quote_id}/edit").text
    assert f">{note}</textarea>" in edit_form
    shown = archive("edit", str(quote_id), "--notes", "Second thoughts.", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["notes"] == "Second thoughts."
    exported = tmp_path / "out.jsonl"
    assert archive("export", "--output", str(exported)).exit_code == 0
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert any(r.get("notes") == "Second thoughts." for r in lines if r.get("type") == "quote")
    other = Cli(tmp_path / "other", None)
    assert other("import", str(exported)).exit_code == 0
    again = other("show", str(quote_id), "--json")
    assert json.loads(again.stdout)["notes"] == "Second thoughts."
    cleared = client.patch(f"/api/quotes/{quote_id}", json={"notes": ""}).json()
    assert cleared["notes"] is None


def test_notes_are_searchable_on_the_web_and_in_the_cli(client: TestClient, archive: Cli) -> None:
    """A note's words find its quote through the `notes:` field (plain words search the
    quote and its paragraph, whose ranking the fast paths keep), and editing the note
    moves them: the change log's trigger watches the column (migration 0011)."""
    quote_id = first_id(client, q="manpower")
    assert client.get("/api/search", params={"q": "notes:zephyrine"}).json()["total"] == 0
    client.patch(f"/api/quotes/{quote_id}", json={"notes": "Ask Ilse Zephyrine to confirm."})
    found = client.get("/api/search", params={"q": "notes:zephyrine"}).json()["results"]
    assert [hit["id"] for hit in found] == [quote_id]
    assert f'href="/quotes/{quote_id}"' in client.get("/", params={"q": "notes:zephyrine"}).text
    phrase = client.get("/api/search", params={"q": 'notes:"ilse zephyrine"'}).json()
    assert [hit["id"] for hit in phrase["results"]] == [quote_id]
    cited = client.get(f"/api/quotes/{quote_id}").json()["citations"]
    assert not any("Zephyrine" in text for text in cited.values())
    edited = archive("edit", str(quote_id), "--notes", "Ask Ilse Quillon instead.")
    assert edited.exit_code == 0, edited.output
    searched = archive("search", "notes:quillon", "--json")
    assert [hit["id"] for hit in json.loads(searched.stdout)] == [quote_id]
    assert json.loads(archive("search", "notes:zephyrine", "--json").stdout) == []
    assert client.get("/api/search", params={"q": "notes:zephyrine"}).json()["total"] == 0
    checked = archive("check", "--json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["repaired"] == {"missing": [], "extra": [], "stale": []}


def test_search_groups_a_quote_carried_by_several_articles(
    client: TestClient, archive: Cli
) -> None:
    words = "Wire copies travel far and wide."
    for day, url in (("2024-03-02", "b"), ("2024-03-01", "a"), ("2024-03-03", "c")):
        made = archive(
            "add", words, "--speaker", "Wren Agency", "--url", f"https://wire.example/{url}",
            "--title", f"Story {url}", "--outlet", f"Paper {url.upper()}", "--date", day,
            "--force", "--no-prompt",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    assert client.get("/api/search", params={"q": "wire copies"}).json()["total"] == 1
    every = client.get("/api/search", params={"q": "wire copies", "group": "false"}).json()
    assert every["total"] == 3
    page = client.get("/", params={"q": "wire copies"}).text
    assert page.count('class="hit"') == 1 and "also in 2 articles" in page
    shown = page.split('class="hit"', 1)[1].split("also in", 1)[0]
    assert "2024-03-01" in shown and "Paper A" in shown  # the earliest first
    others = page.split("also in 2 articles", 1)[1]
    assert others.index("Paper B") < others.index("Paper C")
