"""End to end in a real browser (Debian's chromium driven by Playwright): browse, search,
correct a stance, re-run the pipeline, and find the correction still there.

Screenshots go to pytest's temporary folder, and also to $STANCEMAP_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import analyse

pytestmark = pytest.mark.model

CHROMIUM = os.environ.get("STANCEMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no chromium at {CHROMIUM} (set STANCEMAP_CHROMIUM to another binary)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    except Exception as error:  # a browser that cannot start here is a skip, not a failure
        playwright.stop()
        pytest.skip(f"playwright cannot launch {CHROMIUM}: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(built_db, tmp_path_factory):
    """The app on a copy of the demo database, served by uvicorn in a background thread."""
    import uvicorn

    from stancemap.app import create_app

    db = tmp_path_factory.mktemp("served") / "review.db"
    shutil.copyfile(built_db, db)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", db
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def shots(tmp_path):
    folders = [tmp_path / "screenshots"]
    if os.environ.get("STANCEMAP_SCREENSHOTS"):
        folders.append(Path(os.environ["STANCEMAP_SCREENSHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str) -> None:
        data = page.screenshot(full_page=False)
        for folder in folders:
            (folder / f"{name}.png").write_bytes(data)

    shoot.folders = folders
    return shoot


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def test_browser_review_survives_a_rerun(served, page, shots, app_corpus):
    base, db = served
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator(".card").first.inner_text().endswith("articles")
    shots(page, "01-overview")

    page.fill("header input[name=q]", "referendum")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=referendum")
    assert page.locator("ol.hits > li").count() > 0
    assert page.locator("ol.hits mark").count() > 0
    shots(page, "02-search")

    page.goto(base + "/stances?proposition=approve-northern-link")
    row = page.locator("table.records tbody tr").first
    stance_id = row.get_attribute("id")
    before = row.locator(".tag").first.inner_text()
    flipped = "oppose" if before == "support" else "support"
    row.locator("form.polarity-form select").select_option(flipped)
    row.locator("form.polarity-form button").click()
    page.wait_for_load_state()
    row = page.locator(f"tr#{stance_id}")
    assert row.locator(".tag").first.inner_text() == flipped
    assert row.locator(".badge.corrected").count() == 1
    shots(page, "03-stance-corrected")

    analyse(app_corpus, db, force=True)  # the machine re-analyses every article

    page.reload()
    row = page.locator(f"tr#{stance_id}")
    assert row.locator(".tag").first.inner_text() == flipped
    assert row.locator(".badge.corrected").count() == 1
    page.goto(base + "/corrections")
    assert page.locator("tbody tr").count() == 1
    assert "stance.polarity" in page.locator("tbody tr").first.inner_text()
    shots(page, "04-corrections-after-rerun")
    assert not page.dialogs and not page.console_errors


def test_browser_review_quote_and_add_stance(served, page, shots):
    base, _ = served
    page.goto(base + "/articles")
    page.locator("tbody tr a").first.click()
    page.wait_for_load_state()
    record = page.locator("div.record[id^=q]").first
    quote_id = record.get_attribute("id")
    record.locator("button.no").click()  # reject
    page.wait_for_load_state()
    assert page.locator(f"div#{quote_id}.rejected").count() == 1
    assert page.locator(f"mark#t{quote_id[1:]}.rejected").count() == 1
    form = page.locator("form#add-stance")
    form.locator("input[name=actor]").fill("Ida Brenner")
    form.locator("select[name=proposition]").select_option("pipeline-referendum")
    form.locator("select[name=polarity]").select_option("oppose")
    form.locator("textarea[name=evidence]").fill("Ida Brenner said a referendum would be a mistake.")
    form.locator("button").click()
    page.wait_for_load_state()
    added = page.locator("div.record", has=page.locator(".badge.added"))
    assert added.count() == 1 and "Ida Brenner" in added.inner_text()
    shots(page, "05-article-reviewed")
    page.goto(base + "/quotes?limit=5")
    shots(page, "06-quotes")
    page.goto(base + "/propositions/pipeline-referendum")
    assert "Ida Brenner" in page.locator(".side.oppose").inner_text()
    shots(page, "07-proposition")
    page.goto(base + "/actors")
    page.locator("tbody tr a").first.click()
    page.wait_for_load_state()
    shots(page, "08-actor")
    assert not page.dialogs


def test_browser_hostile_article_stays_inert(served, page, shots):
    base, _ = served
    page.goto(base + "/articles")
    page.get_by_text("Evil <script>alert('title')</script> headline", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Evil <script>alert('title')</script> headline"
    text = page.locator("#article-text").inner_text()
    assert "<img src=x onerror=alert('quote')>" in text and "</textarea><script>" in text
    assert "\u202eevil" in text and "zero\u200bwidth" in text
    assert page.locator("script").count() == 0
    assert page.locator("img, iframe, b[onmouseover], a[href^='javascript']").count() == 0
    assert page.locator("main textarea").count() == 1  # the add-stance form's own, unbroken
    for path in ("/", "/quotes?limit=500", "/stances?limit=500", "/search?q=textarea"):
        page.goto(base + path)
        assert page.locator("script, img, iframe, a[href^='javascript']").count() == 0, path
    page.goto(base + "/search?q=evil")
    shots(page, "09-hostile-search")
    assert page.dialogs == []
