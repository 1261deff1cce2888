"""What the review app shows, read from the store through the corrections layer.

Every function takes an open store and returns plain dicts and lists, so that the HTML pages and
the JSON API show the same records, filtered and paginated the same way.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..review import Reviewed
from . import actor_list, cache, lists
from ..store import DB_ERRORS, SQLiteStore
from ..store.search import SearchCancelled, SearchQueryError, SearchTimeout  # noqa: F401 - re-exported

ARTICLE_FIELDS = ("id", "source", "path", "format", "url", "title", "outlet", "author", "published",
                  "fetched", "language", "repeated_paragraphs", "updated")


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """The filters every list page and API list accepts as query parameters."""

    actor: str | None = None  # actor id
    proposition: str | None = None  # codebook id
    outlet: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    article: str | None = None  # article id
    rejected: bool = False  # include records an analyst rejected

    def date_ok(self, date: str | None) -> bool:
        """Whether a YYYY[-MM[-DD]] date falls in the range (records without a date pass
        only when no range is set)."""
        if not (self.date_from or self.date_to):
            return True
        if not date:
            return False
        if self.date_from and date[:len(self.date_from)] < self.date_from[:len(date)]:
            return False
        if self.date_to and date[:len(self.date_to)] > self.date_to[:len(date)]:
            return False
        return True

    def query(self, **changes: object) -> dict[str, str]:
        """These filters as query parameters (for links), with ``changes`` applied."""
        values = {"actor": self.actor, "proposition": self.proposition, "outlet": self.outlet,
                  "from": self.date_from, "to": self.date_to, "article": self.article,
                  "rejected": "1" if self.rejected else None}
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def paginate(items: list, limit: int, offset: int) -> dict:
    return {"items": items[offset:offset + limit], "total": len(items), "more": False, "limit": limit,
            "offset": offset}


def record_date(record: dict) -> str | None:
    """The date a statement or stance was made, else the article's publication date."""
    return record.get("date") or record.get("published")


# -- articles --------------------------------------------------------------------------------

def _article_summary(row) -> dict:
    return {k: row[k] for k in ARTICLE_FIELDS}


def articles(store: SQLiteStore, f: Filters) -> list[dict]:
    """Articles (without their text) with counts of their quotes and stances, filtered."""
    reviewed = Reviewed(store)
    quotes = reviewed.quotes(actor_id=f.actor) if f.actor else reviewed.quotes()
    stances = reviewed.stances(actor_id=f.actor, proposition=f.proposition)
    quote_counts = Counter(q["article_id"] for q in quotes)
    stance_counts = Counter(s["article_id"] for s in stances)
    naming = store.article_ids_naming(f.actor) if f.actor else set()  # one query, not one per article
    out = []
    for row in store.article_summaries():  # no article texts
        a = _listed_article(_article_summary(row), f, quote_counts, stance_counts, naming)
        if a is not None:
            out.append(a)
    return out


def _listed_article(a: dict, f: Filters, quote_counts: Counter, stance_counts: Counter,
                    naming: set[str]) -> dict | None:
    """Article summary ``a`` with its reviewed counts, or None where the filters leave it out."""
    if f.outlet and (a["outlet"] or "") != f.outlet:
        return None
    if not f.date_ok(a["published"]):
        return None
    if f.actor and not (quote_counts[a["id"]] or stance_counts[a["id"]] or a["id"] in naming):
        return None
    if f.proposition and not stance_counts[a["id"]]:
        return None
    return {**a, "quotes": quote_counts[a["id"]], "stances": stance_counts[a["id"]]}


def articles_page(store: SQLiteStore, f: Filters, limit: int, offset: int) -> dict:
    """One page of :func:`articles`, cut in SQL (see :mod:`stancemap.app.lists`)."""
    return lists.articles_page(store, f, limit, offset, summary=_article_summary,
                               legacy=lambda aff, ids: _affected_articles(store, f, aff, ids))


def _affected_articles(store: SQLiteStore, f: Filters, aff: lists.Affected, ids: list[str]) -> list[dict]:
    """The rows of :func:`articles` for these articles, with their reviewed counts."""
    rv = aff.reviewed
    out = []
    naming = store.article_ids_naming(f.actor) if f.actor else set()
    for chunk in lists._chunks(ids):
        rows = store.db.execute(f"{lists.ARTICLE_COLUMNS} WHERE {lists._in('ar.id', chunk)}", chunk).fetchall()
        quotes = [rv._quote(r) for r in store.db.execute(
            f"{lists.QUOTE_COLUMNS} WHERE {lists._in('q.article_id', chunk)}", chunk).fetchall()]
        quote_counts = Counter(q["article_id"] for q in quotes if q["review"] != "rejected"
                               and (f.actor is None or q["actor_id"] == f.actor))
        stance_counts = Counter(s["article_id"] for s in lists._stances_of(store, rv, chunk)
                                if s["review"] != "rejected" and (f.actor is None or s["actor_id"] == f.actor)
                                and (f.proposition is None or s["proposition"] == f.proposition))
        for row in rows:
            a = _listed_article(_article_summary(row), f, quote_counts, stance_counts, naming)
            if a is not None:
                out.append(a)
    return out


def article(store: SQLiteStore, article_id: str) -> dict | None:
    """One article with its text, removed lines, actors, quotes (rejected ones included),
    stances and copies; None if there is no such article."""
    row = store.article(article_id)
    if row is None:
        return None
    reviewed = Reviewed(store)
    out = _article_summary(row)
    out["text"] = row["text"]
    out["body_start"] = row["body_start"]
    out["removed_lines"] = [{"text": r["text"], "reason": r["reason"], "raw_start": r["raw_start"]}
                            for r in store.removed_lines(article_id)]
    out["actors"] = store.article_actors(article_id)
    out["quotes"] = reviewed.quotes(article_id=article_id, include_rejected=True)
    out["stances"] = reviewed.stances(article_id=article_id, include_rejected=True)
    out["copies"] = store.duplicate_groups(article_id)
    return out


def highlight(text: str, quotes: Iterable[dict]) -> list[tuple[str, dict | None]]:
    """The text cut into pieces, each with the quote it belongs to (None between quotes).

    Overlapping spans keep the earlier quote; spans outside the text are ignored.
    """
    pieces: list[tuple[str, dict | None]] = []
    position = 0
    for q in sorted(quotes, key=lambda q: (q["start"], -q["end"])):
        start, end = q["start"], q["end"]
        if start < position or end > len(text) or start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], q))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def outlets(store: SQLiteStore) -> list[str]:
    return store.outlets()


# -- quotes and stances ----------------------------------------------------------------------

def _keep(records: list[dict], f: Filters, extra: Callable[[dict], bool] | None = None) -> list[dict]:
    return [r for r in records
            if (not f.outlet or (r.get("outlet") or "") == f.outlet)
            and f.date_ok(record_date(r))
            and (extra is None or extra(r))]


def quotes(store: SQLiteStore, f: Filters) -> list[dict]:
    """Quotes with their review state, filtered (a proposition filter keeps the quotes a stance
    on that proposition was read from)."""
    reviewed = Reviewed(store)
    records = reviewed.quotes(article_id=f.article, actor_id=f.actor, include_rejected=f.rejected)
    if f.proposition:
        with_stance = {s["quote_id"] for s in reviewed.stances(proposition=f.proposition)
                       if s.get("quote_id")}
        return _keep(records, f, lambda q: q["id"] in with_stance)
    return _keep(records, f)


def quotes_page(store: SQLiteStore, f: Filters, limit: int, offset: int, *, exact: bool = False) -> dict:
    """One page of :func:`quotes`, cut in SQL (see :mod:`stancemap.app.lists`)."""
    return lists.quotes_page(store, f, limit, offset, keep=_keep, exact=exact)


def stances_page(store: SQLiteStore, f: Filters, limit: int, offset: int, *, exact: bool = False) -> dict:
    """One page of :func:`stances`, cut in SQL (see :mod:`stancemap.app.lists`)."""
    return lists.stances_page(store, f, limit, offset, keep=_keep, exact=exact)


def stances(store: SQLiteStore, f: Filters) -> list[dict]:
    """Stances with their review state, filtered, by proposition, date, source and place (added
    stances in their place among the others)."""
    records = Reviewed(store).stances(article_id=f.article, actor_id=f.actor,
                                      proposition=f.proposition, include_rejected=f.rejected)
    return sorted(_keep(records, f), key=lists.stance_key)


# -- actors ----------------------------------------------------------------------------------

def actors(store: SQLiteStore, q: str | None = None) -> list[dict]:
    """Every actor with aliases, roles and counts; ``q`` keeps those whose name or an alias
    contains it (case-insensitive). Computed once per change of the data (:mod:`.cache`)."""
    records = cache.cached(store, "actors", lambda: actor_list.reviewed_actors(store))
    if q:
        needle = q.casefold()
        records = [a for a in records
                   if needle in a["name"].casefold() or any(needle in x.casefold() for x in a["aliases"])]
    return records


# The most an actor menu lists (most quoted first); an actor filtered on is always listed.
MENU_ACTORS = 500


def actor_choices(store: SQLiteStore, selected: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the actors a menu offers: the MENU_ACTORS most quoted, and ``selected``."""
    records = actors(store)
    out = [(a["id"], a["name"]) for a in records[:MENU_ACTORS]]
    if selected and all(i != selected for i, _ in out):
        out += [(a["id"], a["name"]) for a in records if a["id"] == selected]
    return out


def actor(store: SQLiteStore, actor_id: str, limit: int = 500) -> dict | None:
    """One actor with its quotes and stances (rejected ones included; the first ``limit`` of
    each, with their totals); None if unknown."""
    record = next((a for a in actors(store) if a["id"] == actor_id), None)
    if record is None:
        return None
    f = Filters(actor=actor_id, rejected=True)
    quote_page = quotes_page(store, f, limit, 0)
    stance_page = stances_page(store, f, limit, 0)
    return {**record, "quote_list": quote_page["items"], "stance_list": stance_page["items"],
            "quote_total": quote_page["total"], "stance_total": stance_page["total"]}


# -- propositions ----------------------------------------------------------------------------

def _proposition_record(row) -> dict:
    return {"id": row["id"], "statement": row["statement"], "description": row["description"],
            "keywords": json.loads(row["keywords"] or "[]"), "codebook": row["codebook"]}


# Stances listed per holder where a list is filtered by proposition or actor; holders listed per
# side (most stances first; ``supporters`` and ``opponents`` count them all).
HOLDER_EVIDENCE = 20
HOLDERS_SHOWN = 100


def propositions(store: SQLiteStore, f: Filters | None = None) -> list[dict]:
    """Each proposition with its supporters and opponents: per actor, the number of stances
    (``evidence_count``), the first and last date it was stated and, when ``f`` names a
    proposition or an actor, its first HOLDER_EVIDENCE stances (``evidence``; else empty).
    Aggregated in SQL (see :func:`stancemap.app.lists.holders`)."""
    f = f or Filters()
    if f == Filters():  # the propositions page: computed once per change of the data
        return cache.cached(store, "propositions", lambda: _propositions(store, f))
    return _propositions(store, f)


def _propositions(store: SQLiteStore, f: Filters) -> list[dict]:
    evidence = HOLDER_EVIDENCE if (f.proposition or f.actor) else 0
    found = lists.holders(store, f, keep=_keep, evidence=evidence)
    records = [_proposition_record(r) for r in store.propositions()]
    known = {p["id"] for p in records}
    for pid in sorted({prop for prop, _ in found} - known):
        records.append({"id": pid, "statement": "(not in the stored codebook)", "description": None,
                        "keywords": [], "codebook": None})
    out = []
    for p in records:
        if f.proposition and p["id"] != f.proposition:
            continue
        sides = {polarity: sorted(found.get((p["id"], polarity), {}).values(),
                                  key=lambda h: (-h["evidence_count"], h["actor"]))
                 for polarity in ("support", "oppose")}
        out.append({**p, "supporters": len(sides["support"]), "opponents": len(sides["oppose"]),
                    "support": sides["support"][:HOLDERS_SHOWN], "oppose": sides["oppose"][:HOLDERS_SHOWN]})
    return out


def propositions_from_records(store: SQLiteStore, f: Filters | None = None) -> list[dict]:
    """:func:`propositions` computed from every reviewed stance (every holder's every stance);
    for exports and as the reference the SQL aggregation is tested against."""
    f = f or Filters()
    records = [_proposition_record(r) for r in store.propositions()]
    stance_list = sorted(_keep(Reviewed(store).stances(actor_id=f.actor), f), key=lists.stance_key)
    known = {p["id"] for p in records}
    for pid in sorted({s["proposition"] for s in stance_list} - known):
        records.append({"id": pid, "statement": "(not in the stored codebook)", "description": None,
                        "keywords": [], "codebook": None})
    by_proposition: dict[str, list[dict]] = defaultdict(list)
    for s in stance_list:
        by_proposition[s["proposition"]].append(s)
    out = []
    for p in records:
        if f.proposition and p["id"] != f.proposition:
            continue
        sides: dict[str, list[dict]] = {}
        for polarity in ("support", "oppose"):
            holders: dict[str, dict] = {}
            for s in by_proposition[p["id"]]:
                if s["polarity"] != polarity:
                    continue
                h = holders.setdefault(s["actor_id"], {"actor": s.get("actor_name") or s["actor"],
                                                       "actor_id": s["actor_id"], "evidence": []})
                h["evidence"].append(s)
            for h in holders.values():
                h["evidence_count"] = len(h["evidence"])
                dates = sorted(d for d in (record_date(s) for s in h["evidence"]) if d)
                h["first"] = dates[0] if dates else None
                h["last"] = dates[-1] if dates else None
            sides[polarity] = sorted(holders.values(), key=lambda h: (-len(h["evidence"]), h["actor"]))
        out.append({**p, "support": sides["support"], "oppose": sides["oppose"]})
    return out


# -- overview --------------------------------------------------------------------------------

def overview(store: SQLiteStore) -> dict:
    """Counts, articles per outlet and per day, copies, problems and runs."""
    def stored() -> dict:
        db = store.db
        per_outlet = [(r[0] or "(unknown outlet)", r[1]) for r in db.execute(
            "SELECT outlet, count(*) FROM articles GROUP BY outlet")]
        merged: Counter = Counter()
        for outlet, n in per_outlet:  # NULL and '' both read "(unknown outlet)"
            merged[outlet] += n
        per_day: Counter = Counter()
        for r in db.execute("SELECT published, count(*) FROM articles GROUP BY published"):
            per_day[r[0] or "(no date)"] += r[1]
        return {"per_outlet": sorted(merged.items(), key=lambda kv: (-kv[1], kv[0])),
                "per_day": sorted(per_day.items()), "duplicate_groups": store.duplicate_groups()}

    def counts() -> dict:
        everything = Filters()
        return {"articles": store.count("articles"), "actors": store.count("actors"),
                "quotes": quotes_page(store, everything, 1, 0, exact=True)["total"],
                "stances": stances_page(store, everything, 1, 0, exact=True)["total"],
                "propositions": store.count("propositions"),
                "corrections": store.count("corrections"), "problems": store.count("problems")}

    summary = cache.cached(store, "overview", stored, corrections=False)
    return {
        "counts": cache.cached(store, "overview-counts", counts),
        **summary,
        "problems": [dict(p) for p in store.problems()],
        "runs": [dict(r) for r in store.runs()],
    }


# -- search ----------------------------------------------------------------------------------

class SearchError(ValueError):
    """The search terms cannot be run as a full-text query (over a cap, or unsearchable)."""


class SearchBusy(RuntimeError):
    """The search ran past its time budget and was stopped."""


def search(store: SQLiteStore, q: str, limit: int = 50, offset: int = 0, *,
           cancel: threading.Event | None = None) -> list[dict]:
    """Full-text hits over article titles, bodies and quotes; snippets mark the match with
    \\x02 ... \\x03 (see :func:`marked`). ``cancel``, once set, stops the search
    (SearchCancelled)."""
    try:
        return [dict(hit) for hit in store.search(q, limit=limit, offset=offset, cancel=cancel)]
    except SearchQueryError as err:
        raise SearchError(str(err)) from err
    except SearchTimeout as err:
        raise SearchBusy(str(err)) from err
    except DB_ERRORS as err:
        raise SearchError(f"cannot search for {q!r} ({err}); try plain words") from err


def marked(snippet: str) -> Markup:
    """A search snippet as HTML: everything escaped, then the match wrapped in <mark>."""
    parts: list[str] = []
    inside = False
    for char_run in _MARKS.split(snippet):
        if char_run == "\x02":
            if not inside:
                parts.append("<mark>")
                inside = True
        elif char_run == "\x03":
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(str(escape(char_run)))
    if inside:
        parts.append("</mark>")
    return Markup("".join(parts))


_MARKS = re.compile("([\x02\x03])")
