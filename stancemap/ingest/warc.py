"""Web archives (``.warc``, ``.warc.gz``): one article per archived HTML page.

Read with warcio, record by record (an archive may be any size). Each ``response`` record whose
HTTP status is 200 and whose content type is HTML goes through the HTML extraction
(:func:`~stancemap.ingest.html.extract_html`); every other record (requests, metadata, images,
redirects, revisits) is skipped and counted in the log. Fields:

=========  ======================================================================================
field      from
=========  ======================================================================================
text       the page's article text (HTML extraction)
url        ``WARC-Target-URI``
fetched    ``WARC-Date``, YYYY-MM-DD
outlet     the host of the URL, without ``www.``
published  the page's metadata (trafilatura, else htmldate)
title,     the page's metadata
author,
language
=========  ======================================================================================

Each page's ``source`` is ``NAME#N``, N the record's position in the archive (from 1, counting
every record). A page without article text, or over the size limit, is a problem and the rest is
read; an archive that breaks off (truncated download, corrupt gzip member) ends with a problem
naming the byte offset where it broke, keeping the pages read before it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Problem, RawArticle
from . import text as _text
from .common import iso_date
from .html import decode_html, extract_html

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path) -> Iterator[RawArticle | Problem]:
    """Read the HTML pages archived in a WARC file (gzipped or not)."""
    from warcio.archiveiterator import ArchiveIterator

    where = str(path)
    try:
        stream = open(path, "rb")
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from err
    limit = _text.MAX_ARTICLE_BYTES
    skipped = pages = n = 0
    end = 0  # byte offset where the last complete record ends
    with stream:
        records = ArchiveIterator(stream)
        iterator = iter(records)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            except Exception as err:  # noqa: BLE001 - warcio raises many kinds for a broken archive
                if n == 0:
                    raise InputError(where, f"is not a readable WARC archive ({_reason(err)})") from err
                yield _broken(path, n + 1, end, err)
                break
            if n == 0 and getattr(record, "format", "warc") != "warc":
                raise InputError(where, "is not a WARC archive (no WARC/1.x record header at its start)")
            n += 1
            source = f"{path.name}#{n}"
            data = None
            try:
                if _is_html_page(record):
                    data = record.content_stream().read(limit + 1)
                while record.raw_stream.read(1 << 16):  # the rest of the record
                    pass
                truncated = getattr(record.raw_stream, "limit", 0) > 0
                # (get_record_offset reads the record to its end: only once its content is read)
                offset = records.get_record_offset()
            except Exception as err:  # noqa: BLE001
                yield _broken(path, n, end, err)
                break
            if truncated:
                yield _broken(path, n, offset, None)
                break
            try:
                end = offset + records.get_record_length()
            except Exception:  # noqa: BLE001 - only used to name where a later record breaks
                pass
            if data is None:
                skipped += 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            if len(data) > limit:
                yield Problem(source=source, stage="ingest", message=(
                    f"{where}, record {n} ({url}): page over the {limit // 2**20} MB limit; skipped"))
                continue
            pages += 1
            try:
                page = extract_html(decode_html(data, f"{where}, record {n}"),
                                    f"{where}, record {n} ({url})", url=url)
            except InputError as err:
                yield Problem(source=source, stage="ingest", message=str(err))
                continue
            yield RawArticle(source=source, path=where, text=page.text, format="warc", extracted=True,
                             url=url or page.url, title=page.title, outlet=_outlet(url) or page.outlet,
                             author=page.author, published=page.published,
                             fetched=iso_date(record.rec_headers.get_header("WARC-Date")),
                             language=page.language)
    if n == 0:
        raise InputError(where, "is an empty WARC archive")
    log.info("%s: %d HTML pages, %d other records skipped", where, pages, skipped)


def _is_html_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in HTML_TYPES


def _outlet(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _reason(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}".strip().rstrip(":")


def _broken(path: Path, n: int, offset: int, err: BaseException | None) -> Problem:
    """The problem for an archive that breaks off at record n (starting at byte ``offset``)."""
    why = f" ({_reason(err)})" if err is not None else ""
    return Problem(source=f"{path.name}#{n}", stage="ingest", message=(
        f"{path}: the archive is truncated or corrupt at record {n}, byte offset {offset}{why}; "
        f"the {n - 1} records before it were read"))
