"""Article records in JSON: JSON Lines (``.jsonl``, ``.ndjson``) and JSON (``.json``), gzipped too.

A ``.jsonl``/``.ndjson`` file holds one JSON object per line (streamed: the file may be any size);
a ``.json`` file holds a list of objects or a single object. Each object is one article; the first
field present of each row below is read (names as news crawlers such as news-please write them):

=========  ==========================================================================  =============
field      record keys, in order of preference                                          notes
=========  ==========================================================================  =============
text       ``text``, ``body``, ``content``, ``maintext``, ``article``                  plain text
(html)     ``html``, ``raw_html``                                                      extracted as
                                                                                       an HTML page
title      ``title``, ``headline``
url        ``url``, ``link``
published  ``date``, ``published``, ``date_publish``, ``publication_date``,           YYYY-MM-DD
           ``pubDate``
outlet     ``outlet``, ``source``, ``source_domain``, ``sitename``, ``publisher``       a string, or
                                                                                       ``{"name"}``
author     ``author``, ``authors``                                                     a list is
                                                                                       joined ", "
language   ``language``, ``lang``
=========  ==========================================================================  =============

Text fields win over HTML fields; metadata missing from the record is taken from the page when
the article comes from an HTML field. Dates are read as ISO 8601, RFC 822, epoch seconds or free
text (dateparser) and kept as YYYY-MM-DD.

Each record's ``source`` is ``NAME#N`` (N from 1: the line number in JSON Lines, the position in a
JSON list); a single-object ``.json`` file's is ``NAME``. A malformed line or a record without text
becomes a problem naming its line/record, and the rest of the file is read. A file in which no
record has a text or HTML field at all (for example gold annotations stored beside the articles)
is not an article file: :class:`~stancemap.ingest.common.NotArticles`, which the pipeline notes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Problem, RawArticle
from . import text as _text
from .common import GZIP_ERRORS, TRUNCATED_GZIP, NotArticles, iso_date, open_input, read_input_bytes
from .html import decode_html, extract_html
from .text import decode_bytes, normalize_newlines

TEXT_KEYS = ("text", "body", "content", "maintext", "article")
HTML_KEYS = ("html", "raw_html")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link")
DATE_KEYS = ("date", "published", "date_publish", "publication_date", "pubDate")
OUTLET_KEYS = ("outlet", "source", "source_domain", "sitename", "publisher")
AUTHOR_KEYS = ("author", "authors")
LANGUAGE_KEYS = ("language", "lang")
# JSON is read whole; a .json file larger than this is a dump to stream as JSON Lines.
MAX_JSON_FILE_BYTES = 512 * 1024 * 1024
# Lines that are not JSON before any line that is: a file starting with this many is not JSON Lines
# (one problem for the file, not one per line: a junk .jsonl gave 786). Real exports with a
# damaged head have a few bad lines at most.
MAX_LEADING_BAD_LINES = 20
NESTED = "is nested too deeply to be an article record"
NO_TEXT = "has no article text (none of the fields " + ", ".join(TEXT_KEYS + HTML_KEYS) + ")"


class _NoText(Exception):
    """A record without any text or HTML field."""


def read_jsonl(path: Path) -> Iterator[RawArticle | Problem]:
    """Read JSON Lines, one article per line; bad lines become problems naming the line."""
    where = str(path)
    limit = _text.MAX_ARTICLE_BYTES
    held: list[Problem] = []  # "no text" problems, held until the file shows it holds articles
    bad: list[Problem] = []  # lines that are not JSON, held until one line is
    articles = records = 0
    try:
        with open_input(path) as stream:
            for n, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                source = f"{path.name}#{n}"
                if len(line) > limit:
                    yield _problem(source, f"line {n} is {len(line) / 1e6:.0f} MB, over the "
                                   f"{limit // 2**20} MB limit for one article; skipped")
                    continue
                try:
                    record = json.loads(decode_bytes(line, f"{where}, line {n}"))
                except RecursionError:
                    yield _problem(source, f"line {n} {NESTED}; skipped")
                    continue
                except (InputError, json.JSONDecodeError) as err:
                    message = (f"line {n}: {err}" if isinstance(err, InputError) else
                               f"line {n} is not valid JSON ({err.msg} at column {err.colno})")
                    if records:
                        yield _problem(source, message)
                        continue
                    bad.append(_problem(source, message))
                    if len(bad) >= MAX_LEADING_BAD_LINES:
                        raise InputError(where, _not_jsonl(bad))
                    continue
                if not records:
                    yield from bad
                    bad.clear()
                records += 1
                try:
                    item = record_article(record, source=source, path=where, what=f"line {n}")
                except _NoText:
                    problem = _problem(source, f"line {n} {NO_TEXT}")
                    if articles:
                        yield problem
                    else:
                        held.append(problem)
                    continue
                if isinstance(item, RawArticle):
                    if not articles:
                        yield from held
                        held.clear()
                    articles += 1
                yield item
    except GZIP_ERRORS as err:
        raise InputError(where, f"{TRUNCATED_GZIP} ({err})") from err
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from err
    if bad:  # no line at all was JSON
        raise InputError(where, _not_jsonl(bad))
    if records and not articles and len(held) == records:
        raise NotArticles(where, "skipped: no record has article text (not an article file)")
    yield from held


def _not_jsonl(bad: list[Problem]) -> str:
    first = bad[0].message.removeprefix("line ")
    return (f"is not JSON Lines: none of its first {len(bad)} non-empty lines is a JSON record "
            f"(line {first}); give one JSON object per line")


def read_json(path: Path) -> Iterator[RawArticle | Problem]:
    """Read a JSON list of article records, or a single record."""
    where = str(path)
    data = read_input_bytes(path, MAX_JSON_FILE_BYTES)
    try:
        value = json.loads(decode_bytes(data, where))
    except RecursionError:
        raise InputError(where, f"{NESTED} or list of records") from None
    except json.JSONDecodeError as err:
        raise InputError(where, f"is not valid JSON ({err.msg})", line=err.lineno) from err
    if isinstance(value, dict):
        try:
            yield record_article(value, source=path.name, path=where, what="the record")
        except _NoText:
            raise NotArticles(where, "skipped: holds no article text (not an article file)") from None
        return
    if not isinstance(value, list):
        raise InputError(where, "holds neither a list of article records nor one record")
    out: list[RawArticle | Problem] = []
    for n, record in enumerate(value, start=1):
        source = f"{path.name}#{n}"
        try:
            out.append(record_article(record, source=source, path=where, what=f"record {n}"))
        except _NoText:
            out.append(_problem(source, f"record {n} {NO_TEXT}"))
    if not any(isinstance(item, RawArticle) for item in out) and all(
            isinstance(record, dict) for record in value):
        raise NotArticles(where, "skipped: no record has article text (not an article file)")
    yield from out


def record_article(record: object, *, source: str, path: str, what: str) -> RawArticle | Problem:
    """One JSON record as a RawArticle, or a Problem saying why it is not one.

    Raises _NoText for a record (object) without any text or HTML field.
    """
    if not isinstance(record, dict):
        return _problem(source, f"{what} is a JSON {type(record).__name__}, not an object")
    text = _first_text(record, TEXT_KEYS)
    html = _first_text(record, HTML_KEYS) if text is None else None
    if text is None and html is None:
        raise _NoText
    limit = _text.MAX_ARTICLE_BYTES
    body = text if text is not None else html
    if len(body) > limit:
        return _problem(source, f"{what} is {len(body) / 1e6:.0f} MB, over the {limit // 2**20} MB "
                        "limit for one article; skipped")
    fields = dict(
        title=_string(record, TITLE_KEYS),
        url=_string(record, URL_KEYS),
        published=_date(record),
        outlet=_outlet(record),
        author=_author(record),
        language=_string(record, LANGUAGE_KEYS),
    )
    if text is not None:
        text = normalize_newlines(text)
        if not text.strip():
            return _problem(source, f"{what} has an empty text field")
        return RawArticle(source=source, path=path, text=text, format="jsonl", **fields)
    try:
        page = extract_html(decode_html(html.encode("utf-8"), path), f"{path}, {what}",
                            url=fields["url"])
    except InputError as err:
        return _problem(source, f"{what}: {err}")
    for key in ("title", "url", "published", "outlet", "author", "language"):
        if fields[key] is None:
            fields[key] = getattr(page, key)
    return RawArticle(source=source, path=path, text=page.text, format="jsonl", extracted=True, **fields)


def _problem(source: str, message: str) -> Problem:
    return Problem(source=source, stage="ingest", message=message)


def _first_text(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            return value
    return None


def _string(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _date(record: dict) -> str | None:
    for key in DATE_KEYS:
        found = iso_date(record.get(key))
        if found:
            return found
    return None


def _outlet(record: dict) -> str | None:
    for key in OUTLET_KEYS:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _author(record: dict) -> str | None:
    for key in AUTHOR_KEYS:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list):
            names = [v.get("name") if isinstance(v, dict) else v for v in value]
            value = ", ".join(" ".join(n.split()) for n in names if isinstance(n, str) and n.strip())
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
