"""The HTML report: one self-contained file (no network needed to view it).

Everything shown comes from scraped articles and is escaped by Jinja2's autoescaping; the page's
only script filters tables and reads nothing but the text of the page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..store import SQLiteStore


def _env() -> Environment:
    env = Environment(loader=PackageLoader("stancemap.export", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["pct"] = lambda x, total: f"{100 * x / total:.0f}%" if total else "0%"
    return env


def report_context(store: SQLiteStore) -> dict:
    """Everything the report shows, as plain data (also handy for tests and scripts)."""
    articles = [dict(a) for a in store.articles()]
    quotes = [dict(q) for q in store.quotes()]
    stances = [dict(s) for s in store.stances()]
    actors = store.actors()
    propositions = [dict(p) for p in store.propositions()]
    quote_counts = Counter(q["article_id"] for q in quotes)
    stance_counts = Counter(s["article_id"] for s in stances)
    for a in articles:
        a["removed"] = [dict(r) for r in store.removed_lines(a["id"])]
        a["quotes"] = quote_counts[a["id"]]
        a["stances"] = stance_counts[a["id"]]

    quotes_by_actor: dict[str, list[dict]] = defaultdict(list)
    for q in quotes:
        quotes_by_actor[q["actor_id"] or ""].append(q)
    stances_by_actor: dict[str, list[dict]] = defaultdict(list)
    for s in stances:
        stances_by_actor[s["actor_id"]].append(s)
    shown_actors = []
    for actor in actors:
        if not (quotes_by_actor.get(actor["id"]) or stances_by_actor.get(actor["id"])):
            continue
        shown_actors.append({**actor, "quote_list": quotes_by_actor.get(actor["id"], []),
                             "stance_list": stances_by_actor.get(actor["id"], [])})

    known = {p["id"] for p in propositions}
    for pid in sorted({s["proposition"] for s in stances} - known):
        propositions.append({"id": pid, "statement": "(not in the stored codebook)"})
    prop_views = []
    for p in propositions:
        sides = {}
        for polarity in ("support", "oppose"):
            holders: dict[str, dict] = {}
            for s in stances:
                if s["proposition"] != p["id"] or s["polarity"] != polarity:
                    continue
                h = holders.setdefault(s["actor_id"], {"actor": s["actor_name"], "actor_id": s["actor_id"],
                                                       "evidence": [], "outlets": set(), "dates": []})
                h["evidence"].append(s)
                if s["outlet"]:
                    h["outlets"].add(s["outlet"])
                if s["date"] or s["published"]:
                    h["dates"].append(s["date"] or s["published"])
            sides[polarity] = sorted(holders.values(), key=lambda h: (-len(h["evidence"]), h["actor"]))
        prop_views.append({**p, "support": sides["support"], "oppose": sides["oppose"]})

    outlets = Counter(a["outlet"] or "(unknown outlet)" for a in articles)
    unattributed = quotes_by_actor.get("", [])
    runs = [dict(r) for r in store.runs()]
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "db": str(store.path),
        "articles": articles,
        "outlets": outlets.most_common(),
        "quotes": quotes,
        "stances": stances,
        "actors": shown_actors,
        "propositions": prop_views,
        "unattributed": unattributed,
        "problems": [dict(p) for p in store.problems()],
        "duplicate_groups": store.duplicate_groups(),
        "last_run": runs[-1] if runs else None,
        "dates": sorted(a["published"] for a in articles if a["published"]),
    }


def render_report(store: SQLiteStore) -> str:
    return _env().get_template("report.html").render(**report_context(store))


def write_report(store: SQLiteStore, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store), encoding="utf-8")
    return path
