"""Metadata read from the article text: headline, published date, outlet and author.

Only lines that look like metadata are read (a date stamp, a byline, a logo, a widget that names its
outlet); a date or a name that is merely mentioned in the body is never used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stancemap.clean.lines import count_words, ends_sentence

# Headline shape, from the seed headlines (9-13 words) and PolNeAR's first lines (up to ~20 words):
# a headline is short and does not end like a sentence unless it is in Title Case.
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 300
HEADLINE_MIN_WORDS = 2
# Share of the longer words (4+ letters) that must be capitalised for a headline that ends with a
# period to count as a headline ("Ministers Agree To Meet Again After Talks Collapse.").
TITLE_CASE_MIN_SHARE = 0.7
# A date stamp line is short: "Published March 14, 2026 at 9:12 a.m. ET" has 8 words.
DATE_LINE_MAX_WORDS = 14
# What may follow the names in a byline ("By Jane Doe, Senior Correspondent, Some News"): a title or
# an outlet of a few words, or a date stamp.
BYLINE_TAIL_MAX_WORDS = 8

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

_ISO_DATE = re.compile(
    r"(?<!\d)(?P<y>" + _YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\d)"
)
_MDY = re.compile(
    r"\b(?P<mon>" + _MONTH + r")\s+(?P<d>" + _DAY + r"),?\s+(?P<y>" + _YEAR + r")\b", re.I
)
_DMY = re.compile(
    r"\b(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mon>" + _MONTH + r"),?\s+(?P<y>" + _YEAR + r")\b", re.I
)
# 14.03.2026 is day first (European), 03/14/2026 month first (US): the usual convention of each.
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<y>" + _YEAR + r")(?![\d.])")
_DATE_PATTERNS = (_ISO_DATE, _MDY, _DMY, _NUMERIC)
# A month name glued to the word before it by a scraper ("By EasternEyeNov 24, 2024"): split there.
_GLUED_MONTH = re.compile(
    r"(?<=[a-z])(?=(?:" + "|".join(m.capitalize() for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+\d)"
)

# What else a date stamp line may hold besides the date: keywords, weekday, time, zone, separators.
_STAMP_FILLER = re.compile(
    r"(?:[ap]\.m\.?|\b(?:published|posted|updated|last updated|first published|modified|last modified|date|dated"
    r"|on|at|am|pm|utc|gmt|bst|cet|cest|eet|eest|msk|et|est|edt|ct|cst|cdt|pt|pst|pdt"
    r"|ist)\b|" + _WEEKDAY + r"|\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?\b|[|•·,:;/()\[\]\-–—]|\s"
    r"|\b(?:\d+|an?|one)\s+(?:second|minute|hour|day|week)s?\s+ago\b)+",
    re.I,
)
_STAMP_KEYWORD = re.compile(
    r"^\W*(?P<kw>published|posted|first published|updated|last updated|modified|last modified|date|dated)\b",
    re.I,
)
_RELATIVE_STAMP = re.compile(
    r"^(?:published|posted|updated|last updated)\s*:?\s*(?:at\s+)?"
    r"(?:(?:\d+|an?|one)\s+(?:second|minute|hour|day|week)s?\s+ago|"
    r"\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)\.?$",
    re.I,
)
# A stamp may share its line with a place, a desk or the author: "New Delhi | Updated: 19 November
# 2019", "5:45 AM PST 11/19/2019 by Jane Doe". The other parts must be short labels.
_STAMP_PARTS = re.compile(r"\s+[|/•·]\s+|\s+(?=by\s+[A-Z])")
STAMP_PART_MAX_WORDS = 6
# A date marker glued to the start of the first line: " date 2025-03-22 Body text..." (seed 001).
_DATE_MARKER = re.compile(
    r"^(?:(?:date|dated|published|posted)\s*:?\s*)?" + _ISO_DATE.pattern + r"(?=\s|$)\s*", re.I
)

_BYLINE = re.compile(r"^(?:by|written by|words by|story by|text by)\s+(?P<rest>\S.*)$", re.I)
_BYLINE_SPLIT = re.compile(r"\s*(?:[|•·,;]|\s[-–—]\s|\bfor\b|\bin\b)\s*")
_NAME_CONNECTORS = frozenset(
    "and & de van von der den da di del della la le du bin al el ibn y".split()
)
# Capitalised words that start a "By ..." sentence rather than a name ("By Monday, ...").
_NOT_NAME_START = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday then now contrast comparison far
    that this these those all most some many no not using law default""".split()
)
# A line of names only: two or three names of two or three words ("Jane Roe and John Doe").
NAMES_LINE_MIN_WORDS = 4
NAMES_LINE_MAX_WORDS = 11
_NAMES_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[A-Z]\.|[A-Z][A-Z.'’-]+)$")

_SIGN_OFF = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+)\s+for\s+"
    r"(?P<outlet>(?:The\s+)?[A-Z0-9][\w&.'’-]*(?:\s+[A-Z0-9][\w&.'’-]*){0,4})\.?$"
)
_LOGO = re.compile(r"^(?P<outlet>.{1,60}?)\s+logo$", re.I)
_GENERIC_LOGO_WORDS = frozenset("site company brand header footer main the our home page".split())
_SELF_PROMO_OUTLET = re.compile(
    r"^(?P<outlet>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+is\s+"
    r"(?:committed\s+to\b|(?:reader|member|listener)-(?:funded|supported)\b)"
)
_BIO_NAME = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+)(?:,\s*[^,]{1,60},)?\s+"
    r"(?:is|was|has been|covers|writes|reports)\b"
)
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_NORM = re.compile(r"[\W_]+")


@dataclass(slots=True, frozen=True)
class DateStamp:
    """A date read from a metadata line, with the line's keyword ("published", "updated" or "")."""

    date: str  # YYYY-MM-DD
    keyword: str


def parse_date(text: str) -> str | None:
    """The first full date (day, month and year) written in ``text``, as YYYY-MM-DD, else None.

    Knows ISO dates, "March 14, 2026", "14 March 2026" and numeric dates (14.03.2026 day first,
    03/14/2026 month first). Relative dates ("2 hours ago") and dates without a year give None.
    """
    text = _GLUED_MONTH.sub(" ", text)
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _to_iso(match)
            if date and (best is None or match.start() < best[0]):
                best = (match.start(), date)
            if date:
                break
    return best[1] if best else None


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if "mon" in groups:
        month = _MONTHS[groups["mon"].lower().rstrip(".")]
        day = int(re.sub(r"\D", "", groups["d"]))
    elif "sep" in groups:
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (a, b) if groups["sep"] == "." else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
    else:
        month, day = int(groups["m"]), int(groups["d"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _dateparser_date(text: str) -> str | None:
    """Fallback for a keyword stamp whose date the patterns above do not read ("Published 14 mars
    2026"); dateparser is imported only when such a line turns up."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    parsed = dateparser.parse(
        text, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    )
    return parsed.date().isoformat() if parsed else None


def read_date_stamp(text: str) -> DateStamp | None:
    """Read a line that is only a date stamp ("Published March 14, 2026", "14 March 2026 | 09:12").

    Returns None for any line that holds more than a date, a time, a weekday and stamp keywords, so
    a body sentence that mentions a date is never read as one.
    """
    if count_words(text) > DATE_LINE_MAX_WORDS or not any(c.isdigit() for c in text):
        return None
    stamp = _read_plain_stamp(text)
    if stamp is not None:
        return stamp
    parts = [p for p in _STAMP_PARTS.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    found: list[DateStamp] = []
    for part in parts:
        stamp = _read_plain_stamp(part)
        if stamp is not None:
            found.append(stamp)
        elif count_words(part) > STAMP_PART_MAX_WORDS or ends_sentence(part):
            return None
    if len(found) > 1 and any(not stamp.keyword for stamp in found):
        return None  # a date range ("29 November 2018 | 20 January 2019"), not a stamp
    date = pick_published(found)
    return next((stamp for stamp in found if stamp.date == date), None)


def _read_plain_stamp(text: str) -> DateStamp | None:
    keyword_match = _STAMP_KEYWORD.match(text)
    keyword = _keyword_kind(keyword_match.group("kw")) if keyword_match else ""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        rest = text[: match.start()] + " " + text[match.end() :]
        if _STAMP_FILLER.fullmatch(rest) or not rest.strip():
            date = _to_iso(match)
            return DateStamp(date, keyword) if date else None
        return None
    if keyword and re.search(r"(?<!\d)" + _YEAR + r"(?!\d)", text):
        date = _dateparser_date(text[keyword_match.end() :])
        return DateStamp(date, keyword) if date else None
    return None


_RELATIVE_AGO = re.compile(
    r"^\W*(?:(?P<kw>published|posted|updated|last updated|modified)\s*:?\s*)?"
    r"(?P<n>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|hr|day|week)s?\s+ago\.?$",
    re.I,
)
_UNIT_DAYS = {"second": 0, "minute": 0, "min": 0, "hour": 0, "hr": 0, "day": 1, "week": 7}
# Seconds, minutes and hours ago are taken to fall on the reference day (late in a day "5 hours ago"
# may be the day before: the fetch date has no time to tell); days and weeks count back whole days.


def read_relative_stamp(text: str, reference: str) -> DateStamp | None:
    """A line that is only a relative stamp ("2 hours ago", "Updated 3 days ago"), as a date counted
    back from ``reference`` (YYYY-MM-DD, when the page was fetched); None for anything else."""
    match = _RELATIVE_AGO.match(text.strip())
    if match is None:
        return None
    try:
        ref = dt.date.fromisoformat(reference[:10])
    except ValueError:
        return None
    n = match.group("n").lower()
    count = 1 if n in ("a", "an", "one") else int(n)
    days = count * _UNIT_DAYS[match.group("unit").lower()]
    keyword = _keyword_kind(match.group("kw")) if match.group("kw") else ""
    return DateStamp((ref - dt.timedelta(days=days)).isoformat(), keyword)


def is_date_line(text: str) -> bool:
    """True for a line that is only a date stamp, including relative ones ("Updated 2 hours ago")."""
    return bool(_RELATIVE_STAMP.match(text)) or read_date_stamp(text) is not None


def _keyword_kind(keyword: str) -> str:
    keyword = keyword.lower()
    if "updated" in keyword or "modified" in keyword:
        return "updated"
    return "published"


def split_date_marker(text: str) -> tuple[str, int] | None:
    """A date marker at the very start of a line (" date 2025-03-22 Body...").

    Returns (YYYY-MM-DD, length of the marker and the spaces after it), or None when the line does not
    start with a valid ISO date (optionally after "date", "published" or "posted").
    """
    match = _DATE_MARKER.match(text)
    if match is None:
        return None
    date = _to_iso(match)
    return (date, match.end()) if date else None


def pick_published(stamps: list[DateStamp]) -> str | None:
    """The publication date among the stamps found: "published" first, then bare dates, then "updated"."""
    for kind in ("published", "", "updated"):
        for stamp in stamps:
            if stamp.keyword == kind:
                return stamp.date
    return None


def is_headline_shaped(text: str) -> bool:
    """True for a line shaped like a headline: short, and not a sentence unless in Title Case."""
    words = count_words(text)
    if not HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if text.endswith((":", ",")):
        return False
    if not ends_sentence(text) or text.endswith("?"):
        return True
    return _title_case_share(text) >= TITLE_CASE_MIN_SHARE


def _title_case_share(text: str) -> float:
    words = _TITLE_WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def same_title(line: str, title: str) -> bool:
    """True when a line is the given title (ignoring case, punctuation and a " | Outlet" suffix)."""
    a, b = _norm(line), _norm(title)
    if not a or not b:
        return False
    if a == b:
        return True
    stripped = _norm(_TITLE_SUFFIX.sub("", title))
    return bool(stripped) and stripped == a


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.casefold()).strip()


def read_byline(text: str) -> str | None:
    """The author names of a "By ..." line ("By Jane Doe and John Roe | March 3, 2026"), else None."""
    match = _BYLINE.match(text)
    if match is None:
        return None
    rest = match.group("rest")
    names = _BYLINE_SPLIT.split(rest, maxsplit=1)[0].strip()
    words = names.split()
    if not words or len(words) > 8:
        return None
    if words[0].lower().strip(",") in _NOT_NAME_START or words[0].lower() in _NAME_CONNECTORS:
        return None
    for word in words:
        if word.lower() in _NAME_CONNECTORS:
            continue
        if not _NAME_WORD.match(word):
            return None
    # What follows the names must itself be byline material: an outlet, a title or a date stamp.
    tail = rest[len(names) :].strip(" |•·,;-–—")
    if tail[:1].islower() and not tail.startswith(("for ", "in ")):
        return None  # "By Christmas Day, the troops ..." goes on as a sentence
    if count_words(tail) > BYLINE_TAIL_MAX_WORDS and not read_date_stamp(tail):
        return None
    return names


def is_names_line(text: str) -> bool:
    """True for a line of person names only, the byline of several authors without "By"
    ("Jane Roe and John Doe", "Jane Roe, John Doe & Ann Lee") or one name printed twice by a
    scraper ("Jane Roe Jane Roe")."""
    words = text.split()
    if not NAMES_LINE_MIN_WORDS <= len(words) <= NAMES_LINE_MAX_WORDS or ends_sentence(text):
        return False
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return all(_NAME_WORD.match(w) for w in words)
    names = [n.split() for n in _NAMES_SPLIT.split(text) if n.strip()]
    return len(names) >= 2 and all(
        2 <= len(name) <= 3 and all(_NAME_WORD.match(w) and w.lower() not in _NAME_CONNECTORS for w in name)
        for name in names
    )


def read_sign_off(text: str) -> tuple[str, str] | None:
    """(author, outlet) of a "Jane Doe for Some News" line, else None."""
    match = _SIGN_OFF.match(text)
    if match is None:
        return None
    return match.group("name"), match.group("outlet")


def read_logo_outlet(text: str) -> str | None:
    """The outlet of a "Daily Bugle Logo" line, else None (also for "Site logo")."""
    match = _LOGO.match(text)
    if match is None:
        return None
    outlet = match.group("outlet").strip()
    if count_words(outlet) > 5 or {w.lower() for w in outlet.split()} <= _GENERIC_LOGO_WORDS:
        return None
    return outlet


# A wire dateline naming its agency: "WASHINGTON (Reuters) -", "OSLO, March 3 (NTB) –".
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*"
    r"\((?P<outlet>[A-Z][\w&.’' -]{0,30}[\w.])\)\s*[-–—]"
)


def read_dateline_agency(text: str) -> str | None:
    """The news agency named in a wire dateline at the start of a line, else None."""
    match = _DATELINE_AGENCY.match(text)
    return match.group("outlet") if match else None


def read_self_promo_outlet(text: str) -> str | None:
    """The outlet named by a widget line such as "Daily Bugle is committed to journalism ..."."""
    match = _SELF_PROMO_OUTLET.match(text)
    return match.group("outlet") if match else None


def read_bio_name(text: str) -> str | None:
    """The name that opens an author bio ("Jane Doe is a reporter ..."), else None."""
    match = _BIO_NAME.match(text)
    return match.group("name") if match else None
