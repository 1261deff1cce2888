"""Stance statements as the network code sees them: one record per stored stance, with its
article's metadata, plus the date filters and duplicate rules every network shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from ..errors import StancemapError

POLARITIES = ("support", "oppose")
DUPLICATES = ("article", "outlet-day", "none")


class NetworkError(StancemapError):
    """A network option is invalid (unknown type, normalization, window or date)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One stance statement: an actor supporting or opposing a codebook proposition."""

    id: str  # the stance's id in the store
    article_id: str
    actor_id: str
    actor: str  # canonical actor name
    actor_type: str  # person | organization | country | group | unknown
    proposition: str  # codebook id
    polarity: str  # support | oppose
    date: str | None = None  # YYYY-MM-DD or YYYY-MM: when it was said, else the article's date
    outlet: str | None = None
    source: str | None = None
    title: str | None = None
    evidence: str = ""
    quote_id: str | None = None
    reporter: str | None = None
    confidence: float = 0.5
    method: str = ""
    published: str | None = None  # the article's publication date (YYYY-MM-DD)


STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))


def load_statements(store, *, corrections: bool = True) -> list[Statement]:
    """Every stance in ``store`` as a :class:`Statement`, in the store's order.

    With ``corrections`` (the default) the stances are as the analyst corrected them
    (:class:`stancemap.review.Reviewed`): rejected ones left out, added ones in, actors merged.
    """
    if corrections:
        from ..review import Reviewed

        view = Reviewed(store)
        types = {a["id"]: a["type"] for a in view.actors()}
        rows = view.stances()
    else:
        types = {a["id"]: a["type"] for a in store.actors()}
        rows = [dict(r) for r in store.stances()]
    out = []
    for row in rows:
        keys = row.keys()
        published = row["published"] if "published" in keys else None
        out.append(Statement(
            id=row["id"], article_id=row["article_id"], actor_id=row["actor_id"],
            actor=row["actor_name"] if "actor_name" in keys and row["actor_name"] else row["actor"],
            actor_type=types.get(row["actor_id"], "unknown"), proposition=row["proposition"],
            polarity=row["polarity"], date=row["date"] or published,
            outlet=row["outlet"] if "outlet" in keys else None,
            source=row["source"] if "source" in keys else None,
            title=row["article_title"] if "article_title" in keys else None,
            evidence=row["evidence"], quote_id=row["quote_id"], reporter=row["reporter"],
            confidence=float(row["confidence"]), method=row["method"], published=published))
    return out


def check_date(value: str | None, what: str) -> str | None:
    """``value`` if it is YYYY-MM-DD (or empty), else a :class:`NetworkError` naming ``what``."""
    if not value:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise NetworkError(f"{what}: {value!r} is not a date; write it as YYYY-MM-DD") from None


def day(value: str | None) -> str | None:
    """The first day a full or partial date (YYYY-MM-DD, YYYY-MM, YYYY) can mean, or None."""
    if not value:
        return None
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return None
    parts += ["01"] * (3 - len(parts))
    return "-".join(parts)


def between(statements: Iterable[Statement], start: str | None = None,
            end: str | None = None) -> list[Statement]:
    """Statements dated within ``[start, end]`` (inclusive days, YYYY-MM-DD).

    A partial date counts as its first day ("2026-03" is 2026-03-01). With either bound given,
    undated statements are left out; with none, every statement is kept.
    """
    start = check_date(start, "start")
    end = check_date(end, "end")
    if start and end and start > end:
        raise NetworkError(f"start {start} is after end {end}")
    if not start and not end:
        return list(statements)
    out = []
    for s in statements:
        d = day(s.date)
        if d is None or (start and d < start) or (end and d > end):
            continue
        out.append(s)
    return out


def deduplicate(statements: Iterable[Statement], duplicates: str = "article") -> list[Statement]:
    """Drop repeated statements, keeping the first of each (in date, id order).

    ``article``: one statement per actor, proposition and polarity in each article (DNA's
    "ignore per document"); ``outlet-day``: one per actor, proposition and polarity per outlet
    and publication day (a story repeated by one outlet that day counts once); ``none``: keep all.
    """
    if duplicates not in DUPLICATES:
        raise NetworkError(f"duplicates: {duplicates!r} is not one of {', '.join(DUPLICATES)}")
    ordered = sorted(statements, key=lambda s: (day(s.date) or "9999", s.id))
    if duplicates == "none":
        return ordered
    seen: set[tuple] = set()
    out = []
    for s in ordered:
        if duplicates == "article":
            where: tuple = (s.article_id,)
        else:
            # undated or outlet-less articles cannot be matched with others: keyed by article
            when = s.published or s.date
            where = (s.outlet, when) if s.outlet and when else ("article", s.article_id)
        key = (*where, s.actor_id, s.proposition, s.polarity)
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return out


def prepare(statements: Iterable[Statement], *, duplicates: str = "article", start: str | None = None,
            end: str | None = None) -> list[Statement]:
    """Date filter, then duplicate rule, then a check that every polarity is known."""
    out = deduplicate(between(statements, start, end), duplicates)
    for s in out:
        if s.polarity not in POLARITIES:
            raise NetworkError(f"statement {s.id}: polarity {s.polarity!r} is not support or oppose")
    return out
