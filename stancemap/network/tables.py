"""The actor x proposition table: how often each actor supported and opposed each proposition."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .statements import NetworkError, Statement, day

WINDOWS = ("day", "week", "month", "year")


def period(value: str | None, window: str) -> str | None:
    """The period a statement's date falls in: 2026-03-14 (day), 2026-W11 (ISO week), 2026-03
    (month), 2026 (year). None when undated or when a partial date is coarser than the window."""
    if not value:
        return None
    parts = value.split("-")
    if window == "year":
        return parts[0]
    if window == "month":
        return "-".join(parts[:2]) if len(parts) >= 2 else None
    if len(parts) < 3:
        return None
    if window == "day":
        return value
    year, week, _ = date.fromisoformat(day(value)).isocalendar()
    return f"{year}-W{week:02d}"


def aggregate(statements: Iterable[Statement], *, window: str | None = None) -> list[dict]:
    """One row per actor and proposition (and period, with ``window``), every statement counted.

    Row keys: actor_id, actor, proposition, support, oppose, net (support - oppose), first and
    last (dates), articles and outlets (how many distinct), evidence (the statement ids), and
    ``period`` when a window (day, week, month, year) is given. Sorted by actor, proposition,
    period (undated periods last).
    """
    if window is not None and window not in WINDOWS:
        raise NetworkError(f"window: {window!r} is not one of {', '.join(WINDOWS)}")
    groups: dict[tuple, list[Statement]] = {}
    for s in statements:
        key = (s.actor_id, s.proposition, period(s.date, window) if window else None)
        groups.setdefault(key, []).append(s)
    rows = []
    for (actor_id, proposition, when), items in groups.items():
        dates = sorted(d for d in (s.date for s in items) if d)
        support = sum(1 for s in items if s.polarity == "support")
        oppose = sum(1 for s in items if s.polarity == "oppose")
        row = {"actor_id": actor_id, "actor": items[0].actor, "proposition": proposition}
        if window:
            row["period"] = when
        row.update(support=support, oppose=oppose, net=support - oppose,
                   first=dates[0] if dates else None, last=dates[-1] if dates else None,
                   articles=len({s.article_id for s in items}),
                   outlets=len({s.outlet for s in items if s.outlet}),
                   evidence=sorted(s.id for s in items))
        rows.append(row)
    rows.sort(key=lambda r: (r["actor"].casefold(), r["actor_id"], r["proposition"],
                             r.get("period") is None, r.get("period") or ""))
    return rows
