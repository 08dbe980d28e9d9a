"""A real browser (Debian's Chromium through chromedriver) against a real `quotesdb serve`.

Skipped when Chromium is missing (`make browser` installs it); under CI that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web_helpers import built_archive, start_server

pytestmark = pytest.mark.browser
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def require_browser() -> None:
    if os.path.exists(CHROMIUM) and shutil.which("chromedriver"):
        return
    if os.environ.get("CI"):
        pytest.fail("chromium or chromedriver is missing and CI is set: run `make browser`")
    pytest.skip("chromium or chromedriver is missing (make browser)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    home = Path(tmp_path_factory.mktemp("browser")) / "home"
    built_archive(home, None)
    process, base = start_server(home)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(60)
    try:
        driver.execute_cdp_cmd(
            "Browser.grantPermissions",
            {"origin": server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
        )
        yield driver
    finally:
        driver.quit()


def test_search_open_a_quote_and_copy_its_citation(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("manpower")
    box.submit()
    WebDriverWait(browser, 30).until(ready.presence_of_element_located((By.CSS_SELECTOR, ".hit")))
    assert "q=manpower" in browser.current_url  # the search is in the URL, shareable
    assert browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    browser.find_element(By.CSS_SELECTOR, ".hit a.quote-link").click()
    button = WebDriverWait(browser, 30).until(
        ready.element_to_be_clickable((By.ID, "copy-chicago"))
    )
    expected = button.get_attribute("data-copy")
    assert "quoted in" in expected
    button.click()
    WebDriverWait(browser, 10).until(lambda d: button.get_attribute("data-copied") == "yes")
    pasted = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('error: ' + e));"
    )
    assert pasted == expected


def test_add_a_quote_then_find_it(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.ID, "add-link").click()
    WebDriverWait(browser, 30).until(ready.presence_of_element_located((By.ID, "quote-form")))
    browser.find_element(By.ID, "text").send_keys("Browsers test what people see.")
    browser.find_element(By.ID, "speaker").send_keys("Selena Driver")
    browser.find_element(By.ID, "new_expert").click()  # no one stored has the name
    browser.find_element(By.ID, "topics").send_keys("testing")
    browser.find_element(By.ID, "save").click()
    # The form's own URL is /quotes/new: wait for the stored quote's page.
    WebDriverWait(browser, 30).until(lambda d: re.search(r"/quotes/\d+$", d.current_url))
    big = WebDriverWait(browser, 30).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".big"))
    )
    assert "Browsers test what people see." in big.text
    browser.get(server + "/?q=%22people+see%22")
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    assert len(hits) == 1 and "Selena Driver" in hits[0].text


def test_confirm_a_suggested_gender_then_see_it_in_the_report(browser: Any, server: str) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server + "/experts/1")
    assert browser.find_element(By.ID, "gender").text == "unknown"  # shown, not stored
    suggested = browser.find_element(By.CSS_SELECTOR, "#suggestion-form input[name=gender]")
    guess = suggested.get_attribute("value")
    browser.find_element(By.ID, "confirm-suggestion").click()
    # The old page's element may go stale between being found and being read: look again.
    WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element(By.ID, "gender").text == guess
    )
    assert not browser.find_elements(By.ID, "suggestion-form")

    browser.get(server + "/report")
    Select(browser.find_element(By.ID, "by")).select_by_value("quarter")
    browser.find_element(By.ID, "report-outlet").send_keys("The Christian Science Monitor")
    browser.find_element(By.ID, "show-report").click()
    WebDriverWait(browser, 30).until(lambda d: "by=quarter" in d.current_url)
    table = WebDriverWait(browser, 30).until(
        ready.presence_of_element_located((By.ID, "report-table"))
    )
    (row,) = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert "2023-Q3" in row.text
    gender = row.find_element(By.CSS_SELECTOR, "td[data-attribute=gender]").text
    assert f"{guess} 1" in gender and "unknown" in gender
    bars = browser.find_elements(By.CSS_SELECTOR, "svg rect.bar[data-series=sources]")
    assert [b.get_attribute("data-value") for b in bars] == ["5"]


SIZES = ((390, 844), (1366, 900))  # a phone held upright, a laptop


def post_json(server: str, path: str, body: dict[str, Any]) -> Any:
    import json
    import urllib.request

    sent = urllib.request.Request(
        server + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(sent, timeout=30) as answer:
        return json.load(answer)


def test_copies_of_a_quote_fold_under_one_hit(browser: Any, server: str) -> None:
    """The same words in two articles (the API refuses one speaker's words twice, so a
    second name carries them: copies group whoever they are attributed to): one hit, the
    earlier article's, and a closed "also in 1 article" that opens on a click."""
    from selenium.webdriver.common.by import By

    words = "Copies fold under the first article that printed them"
    for day, outlet, speaker, mark in (
        ("2024-06-02", "Later Ledger", "Gerrit Creasewell", "!"),
        ("2024-06-01", "Early Echo", "Fenna Foldmark", "."),
    ):
        post_json(
            server,
            "/api/quotes",
            {
                "text": words + mark,
                "speaker": speaker,
                "url": f"https://{outlet.split()[0].lower()}.example/fold",
                "title": f"Folding in the {outlet}",
                "outlet": outlet,
                "published": day,
            },
        )
    browser.get(server + "/?q=%22copies+fold%22")
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    assert len(hits) == 1 and "Early Echo" in hits[0].text
    summary = hits[0].find_element(By.CSS_SELECTOR, "details.also-in summary")
    assert summary.text == "also in 1 article"
    other = hits[0].find_element(By.CSS_SELECTOR, "details.also-in li a[href^='/quotes/']")
    assert not other.is_displayed()
    summary.click()
    assert other.is_displayed() and "Later Ledger" in hits[0].text
    assert "Fenna Foldmark" in hits[0].text and "as Gerrit Creasewell" in hits[0].text
    other.click()
    assert re.search(r"/quotes/\d+$", browser.current_url)
    assert "Later Ledger" in browser.page_source


def api_json(server: str, path: str) -> Any:
    import json
    import urllib.request

    with urllib.request.urlopen(server + path, timeout=30) as answer:
        return json.load(answer)


def every_page(server: str) -> list[str]:
    """One URL for each page the app has, on records the seed archive holds."""
    hit = api_json(server, "/api/search?q=sanctions")["results"][0]
    quote = api_json(server, f"/api/quotes/{hit['id']}")
    return [
        "/",
        "/?q=sanctions",
        "/?q=the&page=2",
        "/experts",
        f"/experts/{quote['expert_id']}",
        "/articles",
        "/outlets",
        f"/articles/{quote['article']['id']}",
        f"/quotes/{quote['id']}",
        f"/quotes/{quote['id']}/edit",
        f"/quotes/{quote['id']}/trace",
        "/quotes/new",
        "/review",
        "/report?by=month",
        "/capture",
        "/capture/new?url=https%3A%2F%2Fexample.com%2Fa&selection=some+words",
        f"/capture/{quote['article']['id']}?selection=some+words",
        "/login",
        "/quotes/999999",
    ]


def at_size(browser: Any, width: int, height: int) -> None:
    """The viewport a phone (mobile, honouring the viewport meta tag) or a laptop has."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_page_scrolls_sideways(browser: Any, server: str, width: int, height: int) -> None:
    at_size(browser, width, height)
    wide = {}
    for path in every_page(server):
        browser.get(server + path)
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    assert not wide, f"wider than {width} px: {wide}"


def test_on_a_phone_the_facets_stack_above_the_results(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    at_size(browser, 390, 844)
    browser.get(server + "/?q=sanctions")
    facets = browser.find_element(By.CSS_SELECTOR, ".facets").rect
    results = browser.find_element(By.CSS_SELECTOR, ".results").rect
    assert facets["y"] + facets["height"] <= results["y"] + 1
    assert results["width"] >= 300  # the results have the phone's width, not ~90 px
    nav = browser.find_elements(By.CSS_SELECTOR, "header nav a")
    header = browser.find_element(By.CSS_SELECTOR, "header").rect
    for link in nav:  # every nav link sits on the dark header, not off it on white
        box = link.rect
        assert (
            header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
        )


AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    if AXE.exists():
        return AXE.read_text(encoding="utf-8")
    if os.environ.get("CI"):
        pytest.fail("axe-core is missing and CI is set: run `make axe`")
    pytest.skip("axe-core is missing (make axe)")


def serious_violations(browser: Any, source: str) -> list[str]:
    """axe-core's serious and critical findings on the page shown, one line each."""
    browser.execute_script(source)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done([{id: 'axe failed: ' + e, impact: 'critical',"
        " nodes: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_serious_accessibility_violations(
    browser: Any, server: str, width: int, height: int
) -> None:
    source = axe_source()
    at_size(browser, width, height)
    found = {}
    for path in every_page(server):
        browser.get(server + path)
        problems = serious_violations(browser, source)
        if problems:
            found[path] = problems
    assert not found, found


def test_every_page_has_one_h1_a_skip_link_and_landmarks(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    at_size(browser, 1366, 900)
    for path in every_page(server):
        browser.get(server + path)
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, path
        skip = browser.find_element(By.CSS_SELECTOR, "a.skip")
        assert skip.get_attribute("href").endswith("#main"), path
        for landmark in ("header", "nav", "main#main"):
            assert browser.find_elements(By.CSS_SELECTOR, landmark), (path, landmark)


def test_search_goes_to_page_two(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    at_size(browser, 390, 844)
    total = api_json(server, "/api/search")["total"]
    assert total > 5
    browser.get(server + "/?limit=5")
    first = [h.get_attribute("href") for h in browser.find_elements(By.CSS_SELECTOR, ".quote-link")]
    assert browser.find_element(By.ID, "page-count").text == f"1–5 of {total} quotes"
    browser.find_element(By.ID, "next-page").click()
    WebDriverWait(browser, 30).until(lambda d: "page=2" in d.current_url)
    second = [
        h.get_attribute("href") for h in browser.find_elements(By.CSS_SELECTOR, ".quote-link")
    ]
    assert len(second) == min(5, total - 5) and not set(first) & set(second)
    assert browser.find_element(By.ID, "page-count").text == f"6–{min(10, total)} of {total} quotes"


def test_review_accept_then_correct_a_speaker(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    at_size(browser, 390, 844)
    queue = api_json(server, "/api/review")["results"]
    assert len(queue) >= 2
    first, second = queue[0]["id"], queue[1]["id"]
    browser.get(server + "/review")
    browser.find_element(By.ID, f"accept-{first}").click()
    WebDriverWait(browser, 30).until(lambda d: not d.find_elements(By.ID, f"review-{first}"))
    name = api_json(server, "/api/experts")["results"][-1]["name"]
    browser.find_element(By.ID, f"speaker-{second}").send_keys(name)
    browser.find_element(By.ID, f"correct-{second}").click()
    WebDriverWait(browser, 30).until(lambda d: not d.find_elements(By.ID, f"review-{second}"))
    assert api_json(server, f"/api/quotes/{second}")["speaker"]["name"] == name
    assert api_json(server, f"/api/quotes/{first}")["reviewed"] is True


def read_clipboard(browser: Any, kind: str) -> str:
    """What the clipboard holds as `kind` (text/plain or text/html), as a page reads it."""
    found: str = browser.execute_async_script(
        "const [kind, done] = [arguments[0], arguments[arguments.length - 1]];"
        "navigator.clipboard.read().then(async items => {"
        "  for (const item of items) if (item.types.includes(kind))"
        "    return done(await (await item.getType(kind)).text());"
        "  done('missing: ' + kind);"
        "}, e => done('error: ' + e));",
        kind,
    )
    return found


@pytest.mark.parametrize("style", ["chicago", "mla", "apa"])
def test_copy_a_citation_as_plain_and_as_rich_text(browser: Any, server: str, style: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    at_size(browser, 1366, 900)
    hit = api_json(server, "/api/search?q=manpower")["results"][0]
    plain = api_json(server, f"/api/quotes/{hit['id']}/citations/{style}?to=text")["citation"]
    rich = api_json(server, f"/api/quotes/{hit['id']}/citations/{style}?to=html")["citation"]
    assert "<i>" in rich and "*" not in plain
    browser.get(server + f"/quotes/{hit['id']}")
    button = browser.find_element(By.ID, f"copy-text-{style}")
    button.click()
    WebDriverWait(browser, 10).until(lambda d: button.get_attribute("data-copied") == "yes")
    assert read_clipboard(browser, "text/plain") == plain
    button = browser.find_element(By.ID, f"copy-rich-{style}")
    button.click()
    WebDriverWait(browser, 10).until(lambda d: button.get_attribute("data-copied") == "yes")
    pasted = read_clipboard(browser, "text/html")
    assert "<i>" in pasted and hit["article"]["outlet"] in pasted
    assert read_clipboard(browser, "text/plain") == plain  # a plain editor gets the words


def test_capture_from_a_local_page(browser: Any, server: str) -> None:
    from urllib.parse import urlencode

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from web_helpers import ARTICLE_PAGE, serve_page

    at_size(browser, 390, 844)
    page, url = serve_page(ARTICLE_PAGE.replace("Arlen", "Brenna"))
    try:
        browser.get(server + "/capture")
        assert (
            browser.find_element(By.ID, "bookmarklet")
            .get_attribute("href")
            .startswith("javascript:")
        )
        missed = "the river simply did not cooperate this winter"
        # What the bookmarklet opens on the page being read:
        browser.get(server + "/capture/new?" + urlencode({"url": url, "selection": missed}))
        browser.find_element(By.ID, "store-page").click()
        WebDriverWait(browser, 60).until(lambda d: re.search(r"/capture/\d+", d.current_url))
        speakers = browser.find_elements(By.CSS_SELECTOR, "h2.kicker")
        assert any("Marta Kowalczyk" in s.text for s in speakers)
        browser.find_element(By.ID, "missed-speaker").send_keys("Pat Contractor")
        browser.find_element(By.ID, "missed-new-expert").click()
        browser.find_element(By.ID, "add-missed").click()
        WebDriverWait(browser, 30).until(lambda d: re.search(r"/quotes/\d+$", d.current_url))
        assert missed in browser.find_element(By.CSS_SELECTOR, ".big").text
    finally:
        page.shutdown()  # type: ignore[attr-defined]


def _add_from_the_form(browser: Any, server: str, text: str, speaker: str) -> None:
    """Fill the add form and save; returns once the old page has gone (the new one loads)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/quotes/new")
    WebDriverWait(browser, 30).until(ready.presence_of_element_located((By.ID, "quote-form")))
    browser.find_element(By.ID, "text").send_keys(text)
    browser.find_element(By.ID, "speaker").send_keys(speaker)
    save = browser.find_element(By.ID, "save")
    save.click()
    WebDriverWait(browser, 30).until(ready.staleness_of(save))


def test_add_with_a_surname_finds_the_expert_or_asks_which(browser: Any, server: str) -> None:
    """A surname is the stored expert it names, never a new `Lukyanov` beside him; a
    surname two experts share asks which one, with a button for each."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    at_size(browser, 390, 844)
    full = next(
        e["name"]
        for e in api_json(server, "/api/experts?limit=100")["results"]
        if len(e["name"].split()) == 2
    )
    surname = full.split()[-1]
    _add_from_the_form(browser, server, "Surnames are enough for a form.", surname)
    WebDriverWait(browser, 30).until(lambda d: re.search(r"/quotes/\d+$", d.current_url))
    stored = api_json(server, "/api/quotes/" + browser.current_url.rsplit("/", 1)[1])
    assert stored["speaker"]["name"] == full

    namesake = "Odalys " + surname  # a second expert with the same surname
    _add_from_the_form(browser, server, "A namesake arrives in the archive.", namesake)
    # No one has the name: the form comes back asking to confirm a new expert.
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.error"))
    browser.find_element(By.ID, "new_expert").click()
    browser.find_element(By.ID, "save").click()
    WebDriverWait(browser, 30).until(lambda d: re.search(r"/quotes/\d+$", d.current_url))

    _add_from_the_form(browser, server, "Which of the two said this?", surname)
    buttons = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#candidates button.candidate")
    )
    assert {b.text for b in buttons} == {full, namesake}
    next(b for b in buttons if b.text == namesake).click()
    WebDriverWait(browser, 30).until(lambda d: re.search(r"/quotes/\d+$", d.current_url))
    stored = api_json(server, "/api/quotes/" + browser.current_url.rsplit("/", 1)[1])
    assert stored["speaker"]["name"] == namesake
