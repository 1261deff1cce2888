"""The HTML report: one self-contained file (no network needed to view it, none allowed).

Everything shown comes from scraped articles and is escaped by Jinja2's autoescaping; charts are
SVG built in Python with escaped labels (:mod:`.charts`); the data the page's script needs travels
as JSON in a ``<script type="application/json">`` block. The page's Content-Security-Policy allows
exactly its own inline stylesheet and script, by hash, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from .. import network as net
from ..compare import outlet_sources, outlet_stance_mix, quote_variants
from ..store import SQLiteStore
from . import charts

NETWORK_MAX_ACTORS = 80  # the most active actors drawn in the network
OUTLET_TOP_ACTORS = 8  # actors shown per outlet in "who each outlet quotes"
CHART_MAX_OUTLETS = 25  # bars in "articles per outlet"; the rest share one
UNKNOWN_OUTLET = "(unknown outlet)"


@lru_cache(maxsize=1)
def _env() -> Environment:
    """The template environment, built once (it caches the compiled templates)."""
    env = Environment(loader=PackageLoader("stancemap.export", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x, total: f"{100 * x / total:.0f}%" if total else "0%"
    return env


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """The text of one of the report's own files (its stylesheet, its script)."""
    env = _env()
    return env.loader.get_source(env, name)[0]


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-...'``) that allows one inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True, slots=True)
class ReportData:
    """What the report reads from the store, as plain rows (dicts)."""

    db: str
    articles: list[dict]
    removed: dict[str, list[dict]]  # article id -> its removed lines
    quotes: list[dict]
    stances: list[dict]
    actors: list[dict]
    propositions: list[dict]
    problems: list[dict]
    duplicate_groups: list[dict]
    runs: list[dict]


def load_report_data(store: SQLiteStore) -> ReportData:
    """Read everything the report shows; the one place quotes and stances are read.

    Quotes, stances and actors are as the analyst corrected them (:mod:`stancemap.review`).
    """
    from ..review import Reviewed

    view = Reviewed(store)
    articles = [dict(a) for a in store.articles()]
    return ReportData(
        db=store.name,
        articles=articles,
        removed={a["id"]: [dict(r) for r in store.removed_lines(a["id"])] for a in articles},
        quotes=view.quotes(),
        stances=view.stances(),
        actors=view.actors(),
        propositions=[dict(p) for p in store.propositions()],
        problems=[dict(p) for p in store.problems()],
        duplicate_groups=store.duplicate_groups(),
        runs=[dict(r) for r in store.runs()])


# -- pieces of the page -------------------------------------------------------------------


def _when(row: dict) -> tuple[str | None, bool]:
    """(date, said): the statement's own date when known, else its article's publication date."""
    if row.get("date"):
        return row["date"], True
    return row.get("published"), False


def _chart_buckets(values: list[tuple[str | None, str | None]], unit: str) -> list[str | None]:
    """The bucket of each (statement date, publication date), the finer one that fits."""
    out = []
    for said, published in values:
        key = charts.bucket_of(said, unit)
        out.append(key if key is not None else charts.bucket_of(published, unit))
    return out


def _days(values: list[str | None]) -> list[date]:
    """The full dates (YYYY-MM-DD) among ``values``."""
    out = []
    for v in values:
        if v and len(v) >= 10:
            try:
                out.append(date.fromisoformat(v[:10]))
            except ValueError:
                pass
    return out


def _series(keys: list[str | None], unit: str) -> list[str]:
    """Every period from the first to the last key, gaps included."""
    present = sorted(k for k in set(keys) if k)
    return charts.periods_between(present[0], present[-1], unit) if present else []


def _top(counts: Counter) -> list[tuple[str, int]]:
    """The biggest counts, most first (ties by name), the rest summed as "N other outlets"."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) <= CHART_MAX_OUTLETS:
        return ranked
    rest = ranked[CHART_MAX_OUTLETS - 1:]
    return ranked[:CHART_MAX_OUTLETS - 1] + [(f"{len(rest)} other outlets", sum(n for _, n in rest))]


def _overview(data: ReportData) -> dict:
    outlets = Counter(a["outlet"] or UNKNOWN_OUTLET for a in data.articles)
    published = [a["published"] for a in data.articles]
    unit = charts.bucket_unit(_days(published))
    keys = [charts.bucket_of(p, unit) for p in published]
    periods = _series(keys, unit)
    per_period = Counter(k for k in keys if k)
    return {
        "outlets": sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
        "outlet_chart": charts.bar_chart(_top(outlets), title="Articles per outlet"),
        "period_unit": unit,
        "period_chart": charts.column_chart(
            [(charts.period_label(p, unit), per_period[p]) for p in periods],
            title=f"Articles per {unit}"),
        "undated_articles": sum(1 for p in published if not p),
        "dates": sorted(p for p in published if p),
    }


def _timeline(data: ReportData, stances_by_quote: dict[str, list[dict]]) -> list[dict]:
    """Statements by date: each quote with the stances read from it, then stances on their own."""
    items = []
    for q in data.quotes:
        when, said = _when(q)
        items.append({"kind": "quote", "date": when, "said": said, "actor_id": q["actor_id"] or "",
                      "actor": q["actor_name"] or q["speaker_mention"] or "unresolved speaker",
                      "row": q, "stances": stances_by_quote.get(q["id"], [])})
    for s in data.stances:
        if s["quote_id"] and s["quote_id"] in stances_by_quote:
            continue
        when, said = _when(s)
        items.append({"kind": "stance", "date": when, "said": said, "actor_id": s["actor_id"],
                      "actor": s["actor_name"], "row": s, "stances": [s]})
    items.sort(key=lambda i: (i["date"] is None, i["date"] or "", i["row"].get("source") or "",
                              _position(i["row"])))
    groups: list[dict] = []
    for item in items:
        item["props"] = sorted({s["proposition"] for s in item["stances"]})
        label = item["date"] or "undated"
        if not groups or groups[-1]["date"] != label:
            groups.append({"date": label, "items": []})
        groups[-1]["items"].append(item)
    return groups


def _position(row: dict) -> int:
    """Where a record sits in its article; a corrected record whose evidence was not found
    verbatim has no offset and sorts after those that have one."""
    start = row.get("start")
    if start is None:
        start = row.get("evidence_start")
    return start if isinstance(start, int) else sys.maxsize


def _holder(s: dict) -> dict:
    """An actor on one side of a proposition, its evidence still to be added."""
    return {"actor": s["actor_name"], "actor_id": s["actor_id"], "evidence": [], "outlets": set(),
            "dates": []}


def _propositions(data: ReportData) -> list[dict]:
    propositions = [dict(p) for p in data.propositions]
    known = {p["id"] for p in propositions}
    for pid in sorted({s["proposition"] for s in data.stances} - known):
        propositions.append({"id": pid, "statement": "(not in the stored codebook)", "description": None})
    by_prop: dict[str, list[dict]] = defaultdict(list)
    for s in data.stances:
        by_prop[s["proposition"]].append(s)

    # Weeks for up to half a year of statements, months beyond.
    all_when = [(s["date"], s["published"]) for s in data.stances]
    days = _days([d or p for d, p in all_when])
    unit = "week" if days and (max(days) - min(days)).days <= 183 else "month"
    keys = _chart_buckets(all_when, unit)
    periods = _series(keys, unit)
    key_of = {id(s): k for s, k in zip(data.stances, keys)}

    views = []
    for p in propositions:
        sides: dict[str, dict[str, dict]] = {"support": {}, "oppose": {}}
        counts = {"support": Counter(), "oppose": Counter()}
        undated = 0
        for s in by_prop.get(p["id"], []):
            h = sides[s["polarity"]].setdefault(s["actor_id"], _holder(s))
            h["evidence"].append(s)
            if s["outlet"]:
                h["outlets"].add(s["outlet"])
            when, _ = _when(s)
            if when:
                h["dates"].append(when)
            key = key_of[id(s)]
            if key is None:
                undated += 1
            else:
                counts[s["polarity"]][key] += 1
        view = {**p, "undated": undated}
        for polarity in ("support", "oppose"):
            view[polarity] = sorted(sides[polarity].values(), key=lambda h: (-len(h["evidence"]), h["actor"]))
        view["both"] = sorted(set(sides["support"]) & set(sides["oppose"]))
        view["chart"] = charts.diverging_columns(
            [charts.period_label(k, unit) for k in periods],
            [counts["support"][k] for k in periods], [counts["oppose"][k] for k in periods],
            title=f"Stances on {p['id']} per {unit}: support above the line, opposition below")
        views.append(view)
    return views


def _actors(data: ReportData, stances_by_quote: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    quotes_by_actor: dict[str, list[dict]] = defaultdict(list)
    for q in data.quotes:
        quotes_by_actor[q["actor_id"] or ""].append(q)
    stances_by_actor: dict[str, list[dict]] = defaultdict(list)
    for s in data.stances:
        stances_by_actor[s["actor_id"]].append(s)
    shown = []
    for actor in data.actors:
        quotes = quotes_by_actor.get(actor["id"], [])
        stances = stances_by_actor.get(actor["id"], [])
        if not (quotes or stances):
            continue
        positions: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for s in stances:
            positions[(s["proposition"], s["polarity"])].append(s)
        outlets = Counter(q["outlet"] or UNKNOWN_OUTLET for q in quotes)
        shown.append({**actor, "quote_list": quotes, "stance_list": stances,
                      "positions": [{"proposition": k[0], "polarity": k[1], "evidence": v,
                                     "dates": sorted(d for d in (_when(s)[0] for s in v) if d)}
                                    for k, v in sorted(positions.items())],
                      "quoted_by": sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
                      "aliases": [a for a in actor["aliases"] if a != actor["name"]]})
    return shown, quotes_by_actor.get("", [])


def _outlets(data: ReportData) -> list[dict]:
    """Per outlet: articles, whom it quotes (and how directly), the stance mix it reports."""
    articles = Counter(a["outlet"] or UNKNOWN_OUTLET for a in data.articles)
    sources = outlet_sources(data.quotes)
    mixes = outlet_stance_mix(data.stances)
    out = []
    for name, n in sorted(articles.items(), key=lambda kv: (-kv[1], kv[0])):
        src = sources.get(name, {})
        quoted = src.get("actors", [])
        mix = []
        for prop, c in mixes.get(name, {}).items():
            mix.append({"proposition": prop, "support": c["support"], "oppose": c["oppose"],
                        "actors": c["actors"],
                        "chart": charts.stance_mix(c["support"], c["oppose"],
                                                   title=f"{name} on {prop}: {c['support']} support, "
                                                         f"{c['oppose']} oppose")})
        out.append({"name": name, "articles": n, "quotes": src.get("quotes", 0),
                    "direct": src.get("direct", 0), "indirect": src.get("indirect", 0) + src.get("mixed", 0),
                    "quoted": quoted[:OUTLET_TOP_ACTORS],
                    "quoted_more": max(0, len(quoted) - OUTLET_TOP_ACTORS), "mix": mix})
    return out


class _Rows:
    """The two store methods :func:`stancemap.network.load_statements` reads, over loaded rows."""

    def __init__(self, data: ReportData) -> None:
        self._data = data

    def actors(self) -> list[dict]:
        return self._data.actors

    def stances(self) -> list[dict]:
        return self._data.stances


def _network(data: ReportData) -> dict:
    """The congruence and conflict networks of the actors holding stances, laid out and drawn."""
    import networkx as nx  # imported here: every other export runs without it

    # the rows are already what the report shows (corrected or not, as load_report_data read them)
    statements = net.load_statements(_Rows(data), corrections=False)
    congruence = net.onemode(statements, type="congruence")
    conflict = net.onemode(statements, type="conflict")
    if not congruence.number_of_nodes():
        return {"svg": Markup(""), "actors": 0, "shown": 0, "coalitions": [], "adjacency": {}}
    ranked = sorted(congruence.nodes, key=lambda n: (-congruence.nodes[n]["statements"],
                                                     congruence.nodes[n]["label"]))
    keep = set(ranked[:NETWORK_MAX_ACTORS])
    # Laid out on agreement relative to how much each actor says (Jaccard), so that the most
    # talkative actors do not pull everyone into one knot; conflict pushes nothing.
    layout = nx.Graph()
    layout.add_nodes_from(sorted(keep))
    layout.add_weighted_edges_from(
        sorted((a, b, w) for a, b, w in net.onemode(statements, type="congruence",
                                                    normalization="jaccard").edges(data="weight")
               if a in keep and b in keep))
    positions = nx.spring_layout(layout, seed=7, weight="weight", k=2.5 / max(1, len(keep)) ** 0.5,
                                 iterations=100) if len(keep) > 1 else {next(iter(keep)): (0.0, 0.0)}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    groups = [g for g in net.coalitions(statements) if len(g["actors"]) > 1]
    color_of: dict[str, str] = {}
    legend = []
    for i, g in enumerate(groups):
        color = charts.PALETTE[i % len(charts.PALETTE)]
        members = [m["id"] for m in g["actors"] if m["id"] in congruence]
        for m in members:
            color_of.setdefault(m, color)
        legend.append({"color": color, "id": g["id"], "supports": g["supports"], "opposes": g["opposes"],
                       "members": sorted(((congruence.nodes[m]["label"], m) for m in members),
                                         key=lambda x: (x[0].casefold(), x[1])),
                       "actors": sorted(congruence.nodes[m]["label"] for m in members)})

    nodes = []
    for n in sorted(keep):
        attrs = congruence.nodes[n]
        x, y = positions[n]
        nodes.append(charts.NetNode(
            id=n, label=attrs["label"], x=2 * (x - min(xs)) / span_x - 1, y=2 * (y - min(ys)) / span_y - 1,
            size=attrs["statements"], color=color_of.get(n, charts.NO_COALITION),
            note=f"{attrs['support']} support, {attrs['oppose']} oppose"))
    edges = []
    adjacency: dict[str, dict[str, list[str]]] = {n: {"congruence": [], "conflict": []} for n in keep}
    for kind, graph in (("congruence", congruence), ("conflict", conflict)):
        for a, b, attrs in graph.edges(data=True):
            if a not in keep or b not in keep:
                continue
            verb = "agree" if kind == "congruence" else "disagree"
            edges.append(charts.NetEdge(
                source=a, target=b, kind=kind, weight=attrs["weight"],
                note=f"{graph.nodes[a]['label']} and {graph.nodes[b]['label']} {verb} "
                     f"({attrs['weight']:g}) on {attrs['propositions']}"))
            adjacency[a][kind].append(b)
            adjacency[b][kind].append(a)
    return {"svg": charts.network(nodes, edges, title="Actor network: green lines join actors who take "
                                  "the same side of a proposition, red dashed lines actors who take opposite sides",
                                  hide=("conflict",)),
            "actors": congruence.number_of_nodes(), "shown": len(keep), "coalitions": legend,
            "adjacency": adjacency,
            "labels": {n: congruence.nodes[n]["label"] for n in keep}}


def _variants(data: ReportData) -> list[dict]:
    """One statement as worded by different articles, each wording marked against the first."""
    groups = quote_variants(data.quotes, duplicate_groups=data.duplicate_groups)
    for g in groups:
        diffs = {d["quote_id"]: d for d in g["diffs"]}
        for m in g["members"]:
            d = diffs.get(m["quote_id"])
            m["relation"] = d["relation"] if d else "first"
            m["diff"] = []
            for op, a, b in (d["words"] if d else []):
                if op == "equal":
                    m["diff"].append(("same", b))
                if op in ("replace", "delete"):
                    m["diff"].append(("removed", a))
                if op in ("replace", "insert"):
                    m["diff"].append(("added", b))
    return groups


def report_context(store: SQLiteStore) -> dict:
    """Everything the report shows, as plain data (also handy for tests and scripts)."""
    return build_context(load_report_data(store))


def build_context(data: ReportData) -> dict:
    """The template's variables, computed from the rows in one pass per section."""
    stances_by_quote: dict[str, list[dict]] = defaultdict(list)
    quote_ids = {q["id"] for q in data.quotes}
    for s in data.stances:
        if s["quote_id"] in quote_ids:
            stances_by_quote[s["quote_id"]].append(s)
    articles = []
    quote_counts = Counter(q["article_id"] for q in data.quotes)
    stance_counts = Counter(s["article_id"] for s in data.stances)
    for a in data.articles:
        articles.append({**a, "removed": data.removed.get(a["id"], []), "quotes": quote_counts[a["id"]],
                         "stances": stance_counts[a["id"]]})
    actors, unattributed = _actors(data, stances_by_quote)
    variants = _variants(data)
    timeline = _timeline(data, stances_by_quote)
    timeline_actors = sorted({(i["actor_id"], i["actor"]) for g in timeline for i in g["items"]
                              if i["actor_id"]}, key=lambda a: (a[1].lower(), a[0]))
    propositions = _propositions(data)
    runs = data.runs
    return {
        "version": __version__,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "db": data.db,
        "articles": articles,
        "quotes": data.quotes,
        "stances": data.stances,
        "actors": actors,
        "unattributed": unattributed,
        "propositions": propositions,
        "statements": {p["id"]: p["statement"] for p in propositions},
        "timeline": timeline,
        "timeline_actors": timeline_actors,
        "outlet_views": _outlets(data),
        "variants": variants,
        "network": _network(data),
        "problems": data.problems,
        "duplicate_groups": data.duplicate_groups,
        "last_run": runs[-1] if runs else None,
        **_overview(data),
    }


def render_report(store: SQLiteStore) -> str:
    """The report as one HTML string."""
    env = _env()
    style, script = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    # style and script are this package's own files, never article data
    return env.get_template("report.html").render(
        **report_context(store), csp=csp, style=Markup(style), script=Markup(script))


def write_report(store: SQLiteStore, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store), encoding="utf-8")
    return path
