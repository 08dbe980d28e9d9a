"""Copies of one quote (the same words in several articles) as one search hit: the
earliest shown, the others as "also in N articles", totals and paging by groups, in the
CLI, the web page and the API, over a real archive built from articles written here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL

WORDS = "Every harbour bridge will reopen before the spring floods arrive"
# Each copy as its article prints it: quotation marks, case, spacing, a hyphen and the
# trailing punctuation differ; one article gives the words to another speaker.
COPIES = (  # file, outlet, date, paragraph
    ("a", "Gull Gazette", "2024-05-03", f"“{WORDS},” said Ilka Marrow, the port engineer."),
    ("b", "Tern Times", "2024-05-01", f'"{WORDS}," said Ilka Marrow, the port engineer.'),
    (
        "c",
        "Petrel Post",
        "2024-05-02",
        '"Every Harbour Bridge will  reopen before the spring-floods arrive!" said Osric Venn, '
        "a council spokesman.",
    ),
    ("d", "Skua Standard", None, f"“{WORDS}…” said Ilka Marrow, the port engineer."),
)
# One word changed: another quote, never grouped with the copies.
OTHER = "Every harbour bridge will reopen before the autumn floods arrive"
LINES = 7  # Quotebank lines, each carried by three URLs: seven groups of three quotes


def _article(folder: Path, name: str, outlet: str, day: str | None, paragraph: str) -> None:
    published = f"published: {day}\n" if day else ""
    folder.joinpath(f"{name}.txt").write_text(
        f'---\ntitle: "Harbour story {name}"\noutlet: {outlet}\n'
        f"url: https://{name}.example/harbour\n{published}---\n"
        f"Harbour story {name}\n\nThe port works went on all week.\n\n{paragraph}\n\n"
        "Crews worked through the winter on the old spans.\n",
        encoding="utf-8",
    )


def _quotebank_line(n: int, urls: int = 3) -> dict[str, object]:
    return {
        "quoteID": f"tide-{n}",
        "quotation": f"Tide gauge number {n} reads higher every single year.",
        "speaker": "Nell Brackwater",
        "qids": [],
        "date": f"2021-0{n % 9 + 1}-1{n % 10} 00:00:00",
        "probas": [["Nell Brackwater", "0.9"]],
        "urls": [f"https://wire{k}.example/tide-{n}" for k in range(urls)],
    }


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    root = tmp_path_factory.mktemp("grouping")
    articles = root / "articles"
    articles.mkdir()
    for name, outlet, day, paragraph in COPIES:
        _article(articles, name, outlet, day, paragraph)
    _article(articles, "e", "Gull Gazette", "2024-04-20", f'"{OTHER}," said Ilka Marrow.')
    cli = Cli(root / "home", None)
    done = cli("ingest", str(articles))
    assert done.exit_code == 0, done.output
    bank = root / "quotebank.jsonl"
    lines = [_quotebank_line(n) for n in range(LINES)]
    lines.append({**_quotebank_line(LINES, urls=2), "quotation": "Two wires carry this tide."})
    bank.write_text("".join(json.dumps(line) + "\n" for line in lines))
    done = cli("import", str(bank), "--format", "quotebank", "--quiet")
    assert done.exit_code == 0, done.output
    return cli


@pytest.fixture(scope="module")
def client(archive: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(archive.home, None)), base_url=LOCAL) as http:
        yield http


def _search(cli: Cli, *args: str) -> list[dict[str, Any]]:
    done = cli("search", *args, "--json")
    assert done.exit_code == 0, done.output
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def _outlets(hit: dict[str, Any]) -> list[str]:
    return [copy["article"]["outlet"] for copy in hit["also"]]


def test_the_cli_shows_each_quote_once_with_its_copies_earliest_first(archive: Cli) -> None:
    hits = _search(archive, "harbour bridge")
    assert sorted(hit["text"].split()[-3] for hit in hits) == ["autumn", "spring"]
    copied = next(hit for hit in hits if "spring" in hit["text"])
    # The earliest copy is shown, with its own speaker; the others earliest, undated last.
    assert copied["article"]["outlet"] == "Tern Times"
    assert copied["article"]["published"] == "2024-05-01"
    assert copied["speaker"]["name"] == "Ilka Marrow"
    assert _outlets(copied) == ["Petrel Post", "Gull Gazette", "Skua Standard"]
    assert [c["article"]["published"] for c in copied["also"]] == ["2024-05-02", "2024-05-03", None]
    assert copied["also_count"] == 3
    assert copied["also"][0]["speaker"] == "Osric Venn"  # other words' speaker kept per copy
    assert all(c["article"]["url"].startswith("https://") for c in copied["also"])
    other = next(hit for hit in hits if "autumn" in hit["text"])
    assert other["also"] == [] and other["also_count"] == 0

    every = _search(archive, "harbour bridge", "--no-group")
    assert len(every) == 5 and all(hit["also"] == [] for hit in every)
    assert {hit["id"] for hit in every} == {
        copied["id"],
        other["id"],
        *(c["id"] for c in copied["also"]),
    }


def test_the_cli_table_markdown_and_citations_say_also_in(archive: Cli) -> None:
    table = archive("search", "harbour bridge")
    assert table.exit_code == 0, table.output
    assert "also in 3" in table.stdout and "2 quotes" in table.stdout
    markdown = archive("search", "harbour bridge", "--markdown")
    assert markdown.exit_code == 0, markdown.output
    line = next(text for text in markdown.stdout.splitlines() if "spring" in text)
    assert "also in 3 articles" in line
    assert line.index("Petrel Post") < line.index("Gull Gazette") < line.index("Skua Standard")
    two = archive("search", "two wires", "--markdown").stdout
    assert "also in 1 article:" in two and "also in 1 articles" not in two
    cited = archive("search", "harbour bridge", "--cite", "--style", "apa", "--to", "text")
    assert cited.exit_code == 0, cited.output
    assert "Tern Times" in cited.stdout and "Petrel Post" not in cited.stdout
    csv = archive("search", "harbour bridge", "--format", "csv").stdout.splitlines()
    assert csv[0].endswith(",also") and len(csv) == 3
    assert any(row.endswith('"') or row.count(";") >= 2 for row in csv[1:])
    helped = archive("search", "--help")
    assert "--no-group" in helped.stdout and "default" in helped.stdout


def test_the_api_groups_by_default_and_says_so(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "harbour bridge"}).json()
    assert body["grouped"] is True and body["exact"] is True
    assert body["total"] == 2 and len(body["results"]) == 2
    copied = next(hit for hit in body["results"] if "spring" in hit["text"])
    assert copied["article"]["outlet"] == "Tern Times"
    assert _outlets(copied) == ["Petrel Post", "Gull Gazette", "Skua Standard"]
    every = client.get("/api/search", params={"q": "harbour bridge", "group": "false"}).json()
    assert every["grouped"] is False and every["total"] == 5
    assert all(hit["also"] == [] for hit in every["results"])
    refused = client.get("/api/search", params={"q": "harbour", "group": "maybe"})
    assert refused.status_code == 400 and "group" in refused.json()["error"]
    csv = client.get("/api/search", params={"q": "harbour bridge", "format": "csv"}).text
    assert csv.splitlines()[0].endswith(",also")


def test_the_api_answers_as_its_description_says(client: TestClient) -> None:
    from jsonschema import Draft202012Validator

    described = client.get("/api/openapi.json").json()
    operation = described["paths"]["/api/search"]["get"]
    assert any(p["name"] == "group" for p in operation["parameters"])
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    check = Draft202012Validator({**schema, "components": described["components"]})
    for group in ("true", "false"):
        body = client.get("/api/search", params={"q": "tide", "group": group}).json()
        assert not list(check.iter_errors(body)), group
    body = client.get("/api/search", params={"q": "harbour"}).json()
    assert not list(check.iter_errors(body))
    broken = {**body, "results": [{**body["results"][0], "also": [{"id": 1}]}]}
    assert list(check.iter_errors(broken))  # a copy without its article breaks it


def test_pages_of_groups_never_repeat_one_and_count_groups(client: TestClient) -> None:
    seen: list[int] = []
    copies: set[int] = set()
    for offset in range(0, LINES + 1, 3):
        page = client.get(
            "/api/search", params={"q": "tide gauge", "limit": "3", "offset": str(offset)}
        ).json()
        assert page["total"] == LINES and page["grouped"] is True
        seen += [hit["id"] for hit in page["results"]]
        for hit in page["results"]:
            assert hit["also_count"] == 2
            copies.update(c["id"] for c in hit["also"])
    assert len(seen) == len(set(seen)) == LINES
    assert not copies & set(seen)
    every = client.get(
        "/api/search", params={"q": "tide gauge", "group": "false", "limit": "50"}
    ).json()
    assert every["total"] == 3 * LINES
    assert {hit["id"] for hit in every["results"]} == set(seen) | copies


def test_a_narrow_window_pages_without_repeats_and_estimates_the_total(
    archive: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a window far smaller than the matches, the groups come from a prefix of the
    ranking: no page repeats another's group, no search asks for more than the window,
    and the total is flagged as an estimate."""
    from dataclasses import replace

    from quotesdb.search import grouping, service
    from quotesdb.search.types import SearchRequest

    monkeypatch.setattr(grouping, "WINDOW_FACTOR", 1)
    monkeypatch.setattr(grouping, "WINDOW_MIN", 1)
    monkeypatch.setattr(grouping, "WINDOW_MAX", 10)
    asked: list[int] = []

    def run(request: SearchRequest) -> Any:
        def work(session: Any) -> Any:
            real = session.search

            def spy(request: SearchRequest) -> Any:
                asked.append(request.limit)
                return real(request)

            session.search = spy
            return service.search_in(session, request)

        found, _notes = service.backend(resolve(archive.home, None)).read(work)
        return found

    request = SearchRequest("tide gauge", limit=2, sort="date")
    shown: list[int] = []
    totals = []
    for offset in (0, 2):
        found = run(replace(request, offset=offset))
        shown += [hit.id for hit in found.hits]
        totals.append((found.total, found.exact))
        assert all(len(hit.also) <= 2 for hit in found.hits)
    assert len(shown) == len(set(shown)) == 4
    assert max(asked) <= 10  # the cap (WINDOW_MAX, or twice the deepest page's end)
    assert all(not exact for _total, exact in totals)
    assert all(total >= 4 for total, _exact in totals)
    whole = run(replace(request, limit=50))
    assert whole.exact and whole.total == LINES
    table = archive("search", "tide gauge", "--limit", "2", "--sort", "date")
    assert table.exit_code == 0 and "2 of about" in table.stdout, table.output
    every = archive("search", "tide gauge", "--limit", "2", "--no-group")
    assert f"2 of {3 * LINES} quotes" in every.stdout


def test_the_web_page_lists_the_copies_under_the_hit(client: TestClient) -> None:
    page = client.get("/", params={"q": "harbour bridge"}).text
    assert page.count('class="hit"') == 2 and "2 quotes" in page
    assert "also in 3 articles" in page
    hit = page.split("also in 3 articles", 1)[0].rsplit('class="hit"', 1)[1]
    assert "Tern Times" in hit and "2024-05-01" in hit  # the earliest shown
    listed = page.split("also in 3 articles", 1)[1].split("</details>", 1)[0]
    assert listed.index("Petrel Post") < listed.index("Gull Gazette") < listed.index("Skua")
    assert 'href="https://c.example/harbour"' in listed and "/quotes/" in listed
    assert "as <a" in listed and "Osric Venn" in listed  # the copy under another name
    two = client.get("/", params={"q": "two wires"}).text
    assert "also in 1 article<" in two
    every = client.get("/", params={"q": "harbour bridge", "group": "false"}).text
    assert every.count('class="hit"') == 5 and "also in" not in every
    assert "5 quotes" in every and "group copies" in every
    assert 'href="/?q=harbour+bridge&amp;group=false"' in page  # "show every copy"
