"""The HTML report: content, escaping of hostile article text, its CSP, charts, and (with Debian
chromium and Playwright) how it behaves and looks in a browser."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stancemap.export import charts, render_report, write_report
from stancemap.export.report import build_context, load_report_data
from stancemap.model import (Actor, ArticleResult, CleanArticle, Quote, RemovedLine, RunInfo, Segment,
                             Stance, content_id)

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
BREAKOUT = '</script><script>alert(4)</script>'
RLO, ZWSP = "\u202e", "\u200b"
CHROMIUM = "/usr/bin/chromium"


def _article(raw: str, *, outlet: str, published: str | None, title: str = "Headline",
             removed: str | None = None) -> CleanArticle:
    text = f"{title}\n\n{raw}"
    return CleanArticle(id=content_id(text, outlet), source=f"{outlet}.txt", path=f"/tmp/{outlet}.txt",
                        format="text", raw_text=text, text=text,
                        segments=(Segment(start=0, raw_start=0, length=len(text)),),
                        body_start=len(title) + 2, title=title, outlet=outlet, published=published,
                        url="javascript:alert(5)" if removed else None,
                        removed_lines=(RemovedLine(text=removed, reason="share-widget", raw_start=0),)
                        if removed else ())


def _result(article: CleanArticle, said: list[tuple[str, str, str | None, list[tuple[str, str]]]]) -> ArticleResult:
    """An article whose speakers each say one thing: (speaker, words, date, [(proposition, polarity)])."""
    actors, quotes, stances = {}, [], []
    for speaker, words, when, positions in said:
        start = article.text.index(words)
        actor = actors.setdefault(speaker, Actor(id=content_id("actor", speaker), name=speaker, type="person",
                                                 aliases=(speaker, speaker.split()[-1]), roles=("Minister",)))
        quote = Quote(id=content_id(article.id, start), article_id=article.id, type="direct", text=words,
                      start=start, end=start + len(words), speaker=speaker, actor_id=actor.id,
                      speaker_mention=speaker, cue="said", evidence=words, date=when)
        quotes.append(quote)
        for proposition, polarity in positions:
            stances.append(Stance(id=content_id(quote.id, proposition), article_id=article.id, actor=speaker,
                                  actor_id=actor.id, proposition=proposition, polarity=polarity,
                                  evidence=words, evidence_start=start, evidence_end=start + len(words),
                                  quote_id=quote.id, date=when, confidence=0.8))
    return ArticleResult(article=article, actors=tuple(actors.values()), quotes=tuple(quotes),
                         stances=tuple(stances))


def _fill(store, results) -> None:
    store.start_run(RunInfo(id="r", started="2026-04-01T00:00:00+00:00", model="m", workers=1,
                            codebook=None, inputs=()))
    for result in results:
        store.write_article(result, run_id="r", analysis_key="k")
    store.refresh_actor_names()


HOSTILE_SPEAKER = f"Ana{RLO} Lund{ZWSP} {BREAKOUT}"


def _debate(store, *, hostile: bool = False) -> None:
    """Three articles, four actors: Lund and Berg support the plan, Cole and Dunn oppose it."""
    lund = HOSTILE_SPEAKER if hostile else "Ana Lund"
    outlet = f"Daily {EVIL}" if hostile else "Daily"
    q1 = f"The plan {EVIL} {BREAKOUT} works {RLO}for us{ZWSP}" if hostile else "The plan works for us"
    a1 = _article(f"{lund} said: {q1}. Ben Berg said: The plan is good for the coast.",
                  outlet=outlet, published="2026-03-01", title=f"Plan {EVIL}" if hostile else "Plan",
                  removed=f"Share {EVIL}" if hostile else None)
    a2 = _article("Cara Cole said: The plan must be stopped now. Dan Dunn said: We reject the plan outright.",
                  outlet="Evening Post", published="2026-03-20")
    a3 = _article("Ben Berg said: The plan is good for the coast and the jobs.",
                  outlet="Evening Post", published=None)
    _fill(store, [
        _result(a1, [(lund, q1, "2026-02-27", [("plan", "support")]),
                     ("Ben Berg", "The plan is good for the coast.", None, [("plan", "support")])]),
        _result(a2, [("Cara Cole", "The plan must be stopped now.", None, [("plan", "oppose")]),
                     ("Dan Dunn", "We reject the plan outright.", "2026-03-18", [("plan", "oppose")])]),
        _result(a3, [("Ben Berg", "The plan is good for the coast and the jobs.", None, [])]),
    ])


class _Page(HTMLParser):
    """Every tag with its attributes, the text of each inline script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            self.blocks.append((tag, dict(attrs), ""))

    def handle_data(self, data):
        if self._open is not None:
            tag, attrs, text = self.blocks[-1]
            self.blocks[-1] = (tag, attrs, text + data)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


# -- content --------------------------------------------------------------------------------


def test_report_has_every_section_with_the_debate(fresh_db):
    _debate(fresh_db)
    html = render_report(fresh_db)
    for anchor in ("overview", "timeline", "propositions", "actors", "network", "outlets", "articles"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    ids = {a["name"]: a["id"] for a in fresh_db.actors()}
    for name in ("Ana Lund", "Ben Berg", "Cara Cole", "Dan Dunn"):
        assert f'id="actor-{ids[name]}"' in html
    assert 'id="prop-plan"' in html
    assert "Articles per outlet" in html and "Articles per day" in html
    assert "Evening Post" in html and "The plan must be stopped now." in html


def test_timeline_uses_the_statement_date_then_the_publication_date(fresh_db):
    _debate(fresh_db)
    context = build_context(load_report_data(fresh_db))
    order = [(g["date"], i["actor"], i["said"]) for g in context["timeline"] for i in g["items"]]
    assert order == [("2026-02-27", "Ana Lund", True), ("2026-03-01", "Ben Berg", False),
                     ("2026-03-18", "Dan Dunn", True), ("2026-03-20", "Cara Cole", False),
                     ("undated", "Ben Berg", False)]
    lund = context["timeline"][0]["items"][0]
    assert lund["props"] == ["plan"] and lund["kind"] == "quote"


def test_propositions_actors_and_outlets_are_summarised(fresh_db):
    _debate(fresh_db)
    context = build_context(load_report_data(fresh_db))
    [plan] = context["propositions"]
    assert [h["actor"] for h in plan["support"]] == ["Ana Lund", "Ben Berg"]
    assert [h["actor"] for h in plan["oppose"]] == ["Cara Cole", "Dan Dunn"]
    assert plan["statement"] == "(not in the stored codebook)"
    assert "<svg" in plan["chart"] and "support above the line" in plan["chart"]
    berg = next(a for a in context["actors"] if a["name"] == "Ben Berg")
    assert berg["quoted_by"] == [("Daily", 1), ("Evening Post", 1)]
    assert [(p["proposition"], p["polarity"], len(p["evidence"])) for p in berg["positions"]] == [("plan", "support", 1)]
    assert berg["aliases"] == ["Berg"] and berg["roles"] == ["Minister"]
    outlets = {o["name"]: o for o in context["outlet_views"]}
    assert outlets["Evening Post"]["articles"] == 2
    assert [(m["proposition"], m["support"], m["oppose"]) for m in outlets["Evening Post"]["mix"]] == [("plan", 0, 2)]
    assert {q["actor"] for q in outlets["Daily"]["quoted"]} == {"Ana Lund", "Ben Berg"}
    # Berg's two wordings in two outlets are one statement, shown side by side with a diff
    [variant] = context["variants"]
    assert variant["speaker"] == "Ben Berg" and len(variant["members"]) == 2
    first, other = variant["members"]  # oldest first: the undated article sorts first
    assert first["relation"] == "first" and first["diff"] == []
    assert other["diff"] == [("same", "The plan is good for the coast"), ("removed", "and the jobs")]


def test_network_links_same_sides_as_congruence_and_opposite_sides_as_conflict(fresh_db):
    _debate(fresh_db)
    context = build_context(load_report_data(fresh_db))
    ids = {a["name"]: a["id"] for a in fresh_db.actors()}
    adjacency = context["network"]["adjacency"]
    assert adjacency[ids["Ana Lund"]]["congruence"] == [ids["Ben Berg"]]
    assert sorted(adjacency[ids["Ana Lund"]]["conflict"]) == sorted([ids["Cara Cole"], ids["Dan Dunn"]])
    svg = context["network"]["svg"]
    assert svg.count('class="node"') == 4
    assert svg.count("edge congruence") == 2 and svg.count("edge conflict") == 4
    coalitions = context["network"]["coalitions"]
    assert sorted(c["actors"] for c in coalitions) == [["Ana Lund", "Ben Berg"], ["Cara Cole", "Dan Dunn"]]
    assert coalitions[0]["color"] != coalitions[1]["color"]


def test_the_report_reads_quotes_and_stances_only_through_load_report_data(fresh_db):
    _debate(fresh_db)
    data = load_report_data(fresh_db)
    flipped = [{**s, "polarity": "oppose"} if s["actor_name"] == "Ana Lund" else s for s in data.stances]
    context = build_context(dataclasses.replace(data, stances=flipped))
    [plan] = context["propositions"]
    assert "Ana Lund" in [h["actor"] for h in plan["oppose"]]


def test_empty_store_renders(fresh_db):
    html = render_report(fresh_db)
    assert "No quotes or stances were found." in html and "No stances, so no network." in html


# -- security -------------------------------------------------------------------------------


def test_hostile_article_text_appears_only_as_text(fresh_db):
    _debate(fresh_db, hostile=True)
    html = render_report(fresh_db)
    page = _parse(html)
    scripts = [b for b in page.blocks if b[0] == "script"]
    assert [attrs.get("type") for _, attrs, _ in scripts] == ["application/json", None]
    assert [t for t, _ in page.tags if t in ("img", "iframe", "object", "embed", "link", "base")] == []
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "xlink:href", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "http:", "https:", "//")), (tag, attrs)
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5  # title, removed line, quote, outlet
    assert "<script>alert" not in html and 'onerror="alert' not in html
    assert html.count("</script>") == 2  # the data block's and the script's own
    # the data block is JSON that holds the hostile name as data, '<' escaped
    data = json.loads(scripts[0][2])
    assert HOSTILE_SPEAKER in data["labels"].values()
    assert "<" not in scripts[0][2]
    # bidi overrides and zero-width characters stay text, inside isolated elements
    assert RLO in html and ZWSP in html
    assert "unicode-bidi: isolate" in html


def test_csp_allows_exactly_the_inline_script_and_style(fresh_db):
    _debate(fresh_db, hostile=True)
    html = render_report(fresh_db)
    page = _parse(html)
    [csp] = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"

    def digest(text):
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    [style] = [text for tag, _, text in page.blocks if tag == "style"]
    [script] = [text for tag, attrs, text in page.blocks if tag == "script" and "type" not in attrs]
    assert directives["style-src"] == digest(style)
    assert directives["script-src"] == digest(script)
    assert "unsafe" not in csp
    assert not [t for t, a in page.tags if "style" in a]  # inline style attributes would be refused
    assert html.index("Content-Security-Policy") < html.index("<style>")


def test_report_is_self_contained(fresh_db):
    _debate(fresh_db)
    html = render_report(fresh_db)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


# -- charts ---------------------------------------------------------------------------------


def test_bar_chart_escapes_labels_and_titles_every_bar():
    svg = charts.bar_chart([("<b>Daily</b>", 3), ("Post", 1)], title="Articles per outlet")
    assert svg.startswith('<svg class="chart" role="img" aria-label="Articles per outlet"')
    assert "<b>" not in svg and "&lt;b&gt;Daily&lt;/b&gt;: 3 articles" in svg
    assert svg.count("<rect") == 2 and charts.bar_chart([], title="x") == ""


def test_outlet_chart_keeps_the_biggest_outlets_and_sums_the_rest():
    from collections import Counter

    from stancemap.export.report import CHART_MAX_OUTLETS, _top

    counts = Counter({f"outlet {i:03d}": 1000 - i for i in range(100)})
    top = _top(counts)
    assert len(top) == CHART_MAX_OUTLETS and top[0] == ("outlet 000", 1000)
    assert top[-1] == (f"{100 - CHART_MAX_OUTLETS + 1} other outlets",
                       sum(1000 - i for i in range(CHART_MAX_OUTLETS - 1, 100)))
    assert _top(Counter({"b": 1, "a": 1})) == [("a", 1), ("b", 1)]


def test_time_buckets_pick_a_readable_unit_and_fill_gaps():
    from datetime import date

    assert charts.bucket_unit([date(2026, 1, 1), date(2026, 2, 1)]) == "day"
    assert charts.bucket_unit([date(2026, 1, 1), date(2026, 9, 1)]) == "week"
    assert charts.bucket_unit([date(2024, 1, 1), date(2026, 9, 1)]) == "month"
    assert charts.bucket_of("2026-03-05", "week") == "2026-03-02"  # its Monday
    assert charts.bucket_of("2026-03", "month") == "2026-03"
    assert charts.bucket_of("2026-03", "week") is None and charts.bucket_of(None, "day") is None
    assert charts.periods_between("2025-11", "2026-02", "month") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert charts.periods_between("2026-03-02", "2026-03-16", "week") == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert charts.period_label("2026-03", "month") == "Mar 2026"


def test_diverging_columns_put_support_up_and_opposition_down():
    svg = charts.diverging_columns(["a", "b"], [2, 0], [1, 3], title="t")
    assert "a: 2 support, 1 oppose" in svg and "b: 0 support, 3 oppose" in svg
    heights = {color: re.findall(rf'<rect [^>]*height="([\d.]+)" fill="{color}"/>', svg)
               for color in (charts.SUPPORT, charts.OPPOSE)}
    assert heights == {charts.SUPPORT: ["40", "0"], charts.OPPOSE: ["20", "60"]}  # scaled to the top, 3


# -- in a browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian package chromium)")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
    except Exception as error:  # a chromium that cannot start here (no display libraries, ...)
        pw.stop()
        pytest.skip(f"chromium at {CHROMIUM} does not start: {error}")
    yield b
    b.close()
    pw.stop()


def _open(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    events = {"dialogs": [], "console": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: events["console"].append(m.text))
    page.on("pageerror", lambda e: events["console"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


def _visible(page, selector: str) -> int:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null).length")


def test_browser_hostile_report_runs_no_article_code_and_filters_work(browser, fresh_db, tmp_path):
    _debate(fresh_db, hostile=True)
    path = write_report(fresh_db, tmp_path / "report.html")
    page, events = _open(browser, path)
    page.wait_for_timeout(200)
    assert events["dialogs"] == []
    assert events["console"] == []  # no CSP refusal, no script error
    assert events["requests"] == [path.as_uri()]
    assert page.evaluate("window.alert.toString()").startswith("function alert")
    # the network is drawn and a click highlights the clicked actor's neighbours
    assert _visible(page, "svg.network .node") == 4
    box = page.locator("svg.network").bounding_box()
    assert box["width"] > 500 and box["height"] > 300
    ids = {a["name"]: a["id"] for a in fresh_db.actors()}
    page.click(f'svg.network .node[data-id="{ids["Ben Berg"]}"] circle')
    assert page.evaluate("document.querySelector('svg.network').classList.contains('dimmed')")
    assert page.eval_on_selector_all("svg.network .node.near", "els => els.length") == 3
    info = page.text_content("#net-info")
    assert info.startswith("Ben Berg agrees with") and "disagrees with Cara Cole, Dan Dunn" in info
    assert page.get_attribute("#net-info a", "href") == f"#actor-{ids['Ben Berg']}"
    # the timeline filters by actor and by proposition; the search box filters everything
    assert _visible(page, "#timeline-list li.statement") == 5
    page.select_option("#tl-actor", ids["Ben Berg"])
    assert _visible(page, "#timeline-list li.statement") == 2
    page.select_option("#tl-prop", "-")
    assert _visible(page, "#timeline-list li.statement") == 1
    page.select_option("#tl-actor", "")
    page.select_option("#tl-prop", "")
    page.fill("#search", "stopped now")
    assert _visible(page, "#timeline-list li.statement") == 1
    assert _visible(page, "#actors article.actor") == 1
    assert page.text_content("#search-count").strip().endswith("matching items")
    assert events["dialogs"] == [] and events["console"] == []


def test_browser_without_javascript_shows_everything_but_the_controls(browser, fresh_db, tmp_path):
    _debate(fresh_db)
    path = write_report(fresh_db, tmp_path / "report.html")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    assert _visible(page, "#timeline-list li.statement") == 5
    assert _visible(page, "svg.network .node") == 4
    assert _visible(page, "#search") == 0 and _visible(page, "#tl-actor") == 0
    context.close()


@pytest.mark.model
def test_browser_demo_report_looks_right(browser, demo_db, tmp_path):
    """Screenshots of the demo report at desktop and phone widths (also into
    $STANCEMAP_SCREENSHOTS when set), and the checks a reader would make."""
    from stancemap.store import open_store

    with open_store(demo_db, readonly=True) as store:
        path = write_report(store, tmp_path / "report.html")
    out = [tmp_path]
    if os.environ.get("STANCEMAP_SCREENSHOTS"):
        out.append(Path(os.environ["STANCEMAP_SCREENSHOTS"]))
        out[-1].mkdir(parents=True, exist_ok=True)
    for width, name in ((1280, "desktop"), (390, "phone")):
        page, events = _open(browser, path, width)
        assert events["dialogs"] == [] and events["console"] == []
        # nothing wider than the window: no sideways scrolling at any width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _visible(page, "svg.network .node") > 20
        for section in ("overview", "timeline", "propositions", "network", "outlets"):
            page.evaluate(f"document.getElementById('{section}').scrollIntoView()")
            shot = page.screenshot()
            for folder in out:
                (folder / f"report-{name}-{section}.png").write_bytes(shot)
        page.close()
    assert (tmp_path / "report-desktop-network.png").stat().st_size > 10_000
    html = path.read_text()
    assert "Velmora" in html and "Near copies" in html

