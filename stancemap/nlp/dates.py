"""Resolve the temporal phrase attached to a statement ("on Sunday", "In March", "the same day")
against the article's publication date.

Pure Python on short phrases (a regular expression per form, no date parser over sentences).
Weekday names mean the most recent such day on or before publication, or the next one after it
when the statement is in the future tense or the phrase says "next". Dates without a year take the
most recent such date on or before publication.

Not handled: ranges ("between May 2 and 5"), fiscal or academic periods, holidays by name
("on Christmas"), relative phrases counted in units ("three days ago" is handled, "a fortnight
ago" is not), times of day beyond morning/afternoon/evening/night.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_RE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_RE_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?")
_RE_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")
_RE_MONTH = re.compile(rf"\b(?:(?:early|mid|late|earlier|later)[\s-]+)?(?:in\s+)?{_MONTH}(?:\s+(?:of\s+)?{_YEAR})?\b")
_RE_YEAR = re.compile(rf"\b{_YEAR}\b")
_RE_WEEKDAY = re.compile(r"\b(?P<rel>last|next|this|on|past)?\s*(?P<wd>" + "|".join(WEEKDAYS) + r")\b")
_RE_AGO = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a|an)\s+(?P<unit>day|week|month|year)s?\s+ago\b")


def _parse(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_back(pub: date, months: int) -> tuple[int, int]:
    y, m = pub.year, pub.month - months
    while m <= 0:
        m += 12
        y -= 1
    return y, m


def resolve_date(phrase: str, published: str | None, *, previous: tuple[str, str] | None = None,
                 future: bool = False) -> tuple[str | None, str | None]:
    """Resolve ``phrase`` to ``(date, granularity)``: ("2025-02-12", "day"), ("2025-03", "month"),
    ("2022", "year"), ("2025-08-11", "week") for the Monday of a week; (None, None) when nothing
    anchors it. ``previous`` is the last resolved statement date, for "the same day"."""
    text = phrase.lower().replace("\u2019", "'").strip()
    pub = _parse(published)
    if re.search(r"\b(same|that) day\b", text):
        return previous if previous else (None, None)
    m = _RE_ISO.search(text)
    if m:
        return m.group(0), "day"
    m = _RE_MONTH_DAY.search(text) or _RE_DAY_MONTH.search(text)
    if m and m.group("month").rstrip(".") in MONTHS:
        month, day = MONTHS[m.group("month").rstrip(".")], int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if year is None:
            if pub is None:
                return None, None
            year = pub.year
            try:
                if date(year, month, day) > pub and not future:
                    year -= 1
            except ValueError:
                return None, None
        try:
            return date(year, month, day).isoformat(), "day"
        except ValueError:
            return None, None
    if pub is not None:
        if re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", text):
            return pub.isoformat(), "day"
        if re.search(r"\b(yesterday|last night)\b", text):
            return (pub - timedelta(days=1)).isoformat(), "day"
        if re.search(r"\btomorrow\b", text):
            return (pub + timedelta(days=1)).isoformat(), "day"
        m = _RE_WEEKDAY.search(text)
        if m:
            wd = WEEKDAYS.index(m.group("wd"))
            rel = m.group("rel") or ""
            if rel == "next" or (future and rel != "last"):
                delta = (wd - pub.weekday()) % 7 or 7
                return (pub + timedelta(days=delta)).isoformat(), "day"
            delta = (pub.weekday() - wd) % 7
            if rel == "last" and delta == 0:
                delta = 7
            return (pub - timedelta(days=delta)).isoformat(), "day"
        m = _RE_AGO.search(text)
        if m:
            n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS[m.group("n")]
            unit = m.group("unit")
            if unit == "day":
                return (pub - timedelta(days=n)).isoformat(), "day"
            if unit == "week":
                d = pub - timedelta(weeks=n)
                return (d - timedelta(days=d.weekday())).isoformat(), "week"
            if unit == "month":
                y, mo = _month_back(pub, n)
                return f"{y:04d}-{mo:02d}", "month"
            return f"{pub.year - n:04d}", "year"
        if re.search(r"\blast week\b", text):
            d = pub - timedelta(days=7)
            return (d - timedelta(days=d.weekday())).isoformat(), "week"
        if re.search(r"\b(this|earlier this|later this) week\b", text):
            return (pub - timedelta(days=pub.weekday())).isoformat(), "week"
        if re.search(r"\blast month\b", text):
            y, mo = _month_back(pub, 1)
            return f"{y:04d}-{mo:02d}", "month"
        if re.search(r"\b(this|earlier this) month\b", text):
            return f"{pub.year:04d}-{pub.month:02d}", "month"
        if re.search(r"\blast year\b", text):
            return f"{pub.year - 1:04d}", "year"
        if re.search(r"\b(this|earlier this) year\b", text):
            return f"{pub.year:04d}", "year"
    m = _RE_MONTH.search(text)
    if m and m.group("month").rstrip(".") in MONTHS and (m.group("year") or pub is not None) \
            and not (m.group("month") in ("may", "mar") and not m.group(0).startswith(("in", "early", "late", "mid"))
                     and not m.group("year")):
        month = MONTHS[m.group("month").rstrip(".")]
        if m.group("year"):
            year = int(m.group("year"))
        else:
            year = pub.year if month <= pub.month or future else pub.year - 1
        return f"{year:04d}-{month:02d}", "month"
    m = _RE_YEAR.search(text)
    if m:
        return m.group("year"), "year"
    return None, None
