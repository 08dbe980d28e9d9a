"""The server's guards: token for writes, CSRF on forms, escaped output, no tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web import services
from quotesdb.web.app import create_app
from web_helpers import LOCAL, built_archive, csrf_of

TOKEN = "s3cret-token"
QUOTE = {"text": "Tokens keep strangers out.", "speaker": "Gate Keeper"}


@pytest.fixture
def archive(tmp_path: Path) -> Cli:
    return built_archive(tmp_path / "home", None)


@pytest.fixture
def guarded(archive: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(archive.home, None), TOKEN), base_url=LOCAL) as http:
        yield http


@pytest.fixture
def open_client(archive: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(archive.home, None)), base_url=LOCAL) as http:
        yield http


def test_api_writes_need_the_token(guarded: TestClient) -> None:
    assert guarded.post("/api/quotes", json=QUOTE).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert guarded.post("/api/quotes", json=QUOTE, headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.post("/api/quotes", json=QUOTE, headers=right).status_code == 201
    assert guarded.get("/api/search", params={"q": "strangers"}).json()["total"] == 1


def test_forms_need_sign_in_with_the_token(guarded: TestClient) -> None:
    page = guarded.get("/login")
    csrf = csrf_of(page.text)
    form = {"csrf_token": csrf, "new_expert": "on", **QUOTE}  # a name no one has yet
    assert guarded.post("/quotes/new", data=form).status_code == 403
    bad = guarded.post("/login", data={"csrf_token": csrf, "token": "guess"})
    assert bad.status_code == 403
    good = guarded.post("/login", data={"csrf_token": csrf, "token": TOKEN}, follow_redirects=False)
    assert good.status_code == 303
    assert TOKEN not in good.headers["set-cookie"]  # the cookie holds a hash, not the token
    added = guarded.post("/quotes/new", data=form, follow_redirects=False)
    assert added.status_code == 303


def test_forms_without_the_csrf_value_are_refused(open_client: TestClient) -> None:
    csrf = csrf_of(open_client.get("/quotes/new").text)
    assert (
        open_client.post("/quotes/new", data={"csrf_token": "forged", **QUOTE}).status_code == 403
    )
    assert open_client.post("/quotes/new", data=QUOTE).status_code == 403
    open_client.cookies.clear()  # another site's page: the browser sends no cookie it can read
    assert open_client.post("/quotes/new", data={"csrf_token": csrf, **QUOTE}).status_code == 403


def test_output_is_escaped(open_client: TestClient) -> None:
    hostile = {"text": "<script>alert(1)</script> is how it starts", "speaker": "<b>Mallory</b>"}
    made = open_client.post("/api/quotes", json=hostile).json()
    for path in (f"/quotes/{made['id']}", "/?q=alert", f"/experts/{made['expert_id']}"):
        page = open_client.get(path).text
        assert "<script>alert" not in page and "<b>Mallory" not in page, path
        assert "&lt;script&gt;" in page or "&lt;b&gt;" in page, path
    reflected = open_client.get("/", params={"q": '"<img src=x onerror=alert(1)>'}).text
    assert "<img src=x" not in reflected


def test_a_crash_shows_no_traceback(archive: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> object:
        raise RuntimeError("secret internals at /srv/path")

    monkeypatch.setattr(services, "quote_view", broken)
    app = create_app(resolve(archive.home, None))
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as http:
        for path in ("/quotes/1", "/api/quotes/1"):
            page = http.get(path)
            assert page.status_code == 500
            assert "secret internals" not in page.text and "Traceback" not in page.text
        assert http.get("/api/quotes/1").json()["error"].startswith("internal error")


def test_security_headers(open_client: TestClient) -> None:
    headers = open_client.get("/").headers
    assert "script-src" not in headers["content-security-policy"]  # default-src 'self' only
    assert headers["x-frame-options"] == "DENY"
    assert "httponly" in headers["set-cookie"].lower()


def test_serve_refuses_another_host_without_a_token(
    archive: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUOTESDB_TOKEN", raising=False)
    done = archive.process("serve", "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 1
    assert "QUOTESDB_TOKEN" in done.stderr and "Traceback" not in done.stderr
