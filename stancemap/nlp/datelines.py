"""Datelines: the place (and agency) opening a news paragraph, "SARNHOLM —", "KYIV (Reuters) -",
"WASHINGTON, March 3 (CWS) --". Its words are where the story was filed, never an actor or a speaker.

Only a place written in capitals at the start of a line and closed by a dash counts, or a place in
Title Case followed by a date or an agency in brackets ("Berlin, 8 January 2024 (dpa) —"); a
capitalized word opening an ordinary sentence ("NATO said ...") is not a dateline. Computed once per Doc.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

_KEY = "stancemap_datelines"
# place in capitals (letters, spaces, dots, apostrophes, hyphens), an optional ", date" and an
# optional "(agency)", then a dash followed by a space
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'\u2019\-]+(?:[ \t]+[A-Z][A-Z.'\u2019\-]*){0,3})"
    r"(?:,[ \t]*[A-Za-z][\w.\t ,]{0,30}?)?[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?"
    r"(?:\u2014|\u2013|\u2015|--|-)[ \t\u00a0]", re.M)

# A place in Title Case counts only with a date holding a digit and/or an agency in brackets
# before the dash ("Berlin, 8 January 2024 (dpa/MIA) —", "Nuuk (AP) -"), since "Moscow - the
# talks ..." may open an ordinary sentence.
TITLE_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][a-z\u00e0-\u00ff'\u2019\-]+(?:[ \t]+[A-Z][a-z\u00e0-\u00ff'\u2019\-]+){0,2})"
    r"(?:(?:,[ \t]*(?:\d{1,2}[ \t]+[A-Z][a-z]+\.?(?:,?[ \t]+\d{4})?|[A-Z][a-z]+\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?)"
    r"|(?:[ \t]*\([^()\n]{1,40}\)[ \t]*))"
    r"(?:\u2014|\u2013|\u2015|--|-)[ \t\u00a0]", re.M)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the places of the datelines in ``text``."""
    spans = []
    for pattern in (DATELINE, TITLE_DATELINE):
        for m in pattern.finditer(text):
            place = m.group("place")
            if sum(ch.isalpha() for ch in place) >= 3:
                spans.append(m.span("place"))
    return sorted(set(spans))


def dateline_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens of ``doc`` that belong to a dateline's place."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    found: set[int] = set()
    for start, end in dateline_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    result = frozenset(found)
    doc.user_data[_KEY] = result
    return result
