"""Saved web pages (``.html``, ``.htm``, and gzipped ``.html.gz``): the article body and metadata.

The page's bytes are decoded (byte-order mark, then strict UTF-8, then the charset the page
declares in ``<meta>``, then detection), the body is extracted with trafilatura favouring recall
(no comments; one paragraph, heading or list item per line; the cleaning stage removes the
furniture this lets in) and the metadata read from the page:

=========  ======================================================================================
field      from
=========  ======================================================================================
title      trafilatura (``<title>``, ``og:title``, JSON-LD headline, ``<h1>``)
author     trafilatura (meta author, JSON-LD, byline markup); several joined with ", "
outlet     trafilatura's site name (``og:site_name``, JSON-LD publisher)
published  trafilatura's date, else htmldate (``original_date=True``), as YYYY-MM-DD
url        ``<link rel="canonical">`` / ``og:url`` (via trafilatura), else the caller's url
language   trafilatura, else ``<html lang>`` (primary subtag, lower-cased)
=========  ======================================================================================

:func:`extract_html` is shared by the readers of JSON records, feeds and WARC archives.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import RawArticle
from . import text as _text
from .common import read_input_bytes
from .text import BOMS, decode_bytes, normalize_newlines

log = logging.getLogger(__name__)

NO_ARTICLE = "no article text found in the page"
# On a page without an article the extractor's fallbacks return scraps (menu items, a copyright
# line): without a single line of this many words (or characters, for scripts written without
# spaces) there is no article text.
MIN_PARAGRAPH_WORDS = 5
MIN_PARAGRAPH_CHARS = 25
# Where to look for a declared charset: browsers read the first 1024 bytes; pages are sloppier.
CHARSET_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9-]+)?""", re.I)
_LINK_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*>""", re.I)
_OG_URL = re.compile(r"""<meta\b[^>]*\bproperty\s*=\s*["']og:url["'][^>]*>""", re.I)
_HREF = re.compile(r"""\b(?:href|content)\s*=\s*["']([^"']+)["']""", re.I)
# Labels that browsers read as windows-1252 (the WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}


@dataclass(slots=True)
class Extracted:
    """What the HTML extraction found in one page."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


# trafilatura's trade-off between keeping furniture and losing body text (bench/bench_extraction.py
# --favor measures the three). With the cleaning stage after it (line model leave-host-out), body
# F1 on the 450 article pages of the 1,000-page set: favour precision 0.928, favour recall 0.940;
# on the 181 news pages 0.963 and 0.962. The cleaning stage takes out much of the furniture that
# favouring recall lets in, so recall is chosen. The line model learnt from favour_recall output.
TRAFILATURA_FAVOR = {"precision": {"favor_precision": True}, "default": {}, "recall": {"favor_recall": True}}
EXTRACTION_FAVOR = "recall"


def decode_html(data: bytes, where: str) -> str:
    """Decode page bytes: BOM, strict UTF-8, the declared ``<meta charset>``, then detection.

    Raises InputError for binary data (via :func:`~stancemap.ingest.text.decode_bytes`).
    """
    if any(data.startswith(bom) for bom, _ in BOMS):
        return decode_bytes(data, where)
    if b"\x00" in data[:8192]:
        return decode_bytes(data, where)  # raises: binary
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:CHARSET_SCAN_BYTES])
    if match:
        label = match.group(1).decode("ascii", "replace").lower()
        encoding = "cp1252" if label in _AS_CP1252 else label
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %r does not decode the page", where, label)
    return decode_bytes(data, where)


def extract_html(html: str, where: str, *, url: str | None = None) -> Extracted:
    """The article text and metadata of one page (already decoded).

    Raises InputError when the page holds no article text. Broken markup is read as browsers
    would; an extractor failure is reported as an InputError, never raised as is.
    """
    import trafilatura  # import on first use: it pulls in a large dependency tree

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=True,
                                          with_metadata=True, **TRAFILATURA_FAVOR[EXTRACTION_FAVOR])
    except Exception as err:  # noqa: BLE001 - the extractor must never crash a run
        raise InputError(where, f"cannot be read as HTML ({type(err).__name__}: {err})") from err
    text = _to_lines(getattr(doc, "text", None) or "") if doc is not None else ""
    if not any(len(line.split()) >= MIN_PARAGRAPH_WORDS or len(line) >= MIN_PARAGRAPH_CHARS
               for line in text.split("\n")):
        raise InputError(where, NO_ARTICLE)
    head = html[:200_000]
    published = _clean(doc.date) or _find_date(html)
    return Extracted(
        text=text,
        title=_clean(doc.title),
        author=_authors(doc.author),
        outlet=_clean(doc.sitename),
        published=published,
        url=_clean(doc.url) or _page_url(head) or url,
        language=_language(doc.language) or _html_lang(head),
    )


def read_html_article(path: Path) -> list[RawArticle]:
    """Read one saved page (``*.gz`` decompressed transparently). Raises InputError for unreadable
    or binary files and pages with no article text."""
    where = str(path)
    data = read_input_bytes(path, _text.MAX_ARTICLE_BYTES)
    if not data.strip():
        raise InputError(where, "is empty (no page to read)")
    page = extract_html(decode_html(data, where), where)
    return [RawArticle(source=path.name, path=where, text=page.text, format="html", extracted=True, url=page.url,
                       title=page.title, outlet=page.outlet, author=page.author,
                       published=page.published, language=page.language)]


def _to_lines(text: str) -> str:
    """One paragraph per line: newlines normalised, lines stripped, runs of blank lines dropped."""
    lines = (" ".join(line.split()) for line in normalize_newlines(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _authors(value: object) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    names = [name.strip() for name in value.split(";") if name.strip()]
    return ", ".join(names) or None


def _language(value: object) -> str | None:
    value = _clean(value)
    return value.split("-")[0].split("_")[0].lower() if value else None


def _html_lang(head: str) -> str | None:
    match = _HTML_LANG.search(head)
    return match.group(1).lower() if match else None


def _page_url(head: str) -> str | None:
    for pattern in (_LINK_CANONICAL, _OG_URL):
        tag = pattern.search(head)
        if tag:
            href = _HREF.search(tag.group(0))
            if href and href.group(1).startswith(("http://", "https://")):
                return href.group(1).strip()
    return None


def _find_date(html: str) -> str | None:
    try:
        from htmldate import find_date

        found = find_date(html, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a date we cannot find is left out
        return None
    return found[:10] if found else None
