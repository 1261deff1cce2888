"""Helpers shared by the readers: gzip-transparent reading, size limits, dates, "not articles"."""

from __future__ import annotations

import gzip
import re
import zlib
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

GZIP_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
# Errors that the gzip module raises for a truncated or damaged stream.
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
TRUNCATED_GZIP = "truncated or corrupt gzip"


class NotArticles(InputError):
    """A readable file of a supported kind that holds no article at all (e.g. a gold annotation
    ``.json`` beside the ``.txt`` it annotates, or an ``.xml`` that is not a feed).

    The pipeline notes it and goes on; it is not a problem with the input.
    """


def is_gzipped(path: Path) -> bool:
    return path.name.lower().endswith(GZIP_SUFFIX)


def open_input(path: Path) -> BinaryIO:
    """Open a file for binary reading, decompressing ``*.gz`` transparently."""
    if is_gzipped(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_input_bytes(path: Path, limit: int) -> bytes:
    """All bytes of a single-article file (decompressed), refusing more than ``limit`` bytes.

    Raises InputError for unreadable files, truncated gzip and files over the limit.
    """
    where = str(path)
    try:
        if not is_gzipped(path):
            size = path.stat().st_size
            if size > limit:
                raise InputError(where, too_big(size, limit))
            return path.read_bytes()
        with gzip.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except GZIP_ERRORS as err:
        raise InputError(where, f"{TRUNCATED_GZIP} ({err})") from err
    except OSError as err:
        raise InputError(where, f"cannot be read: {err.strerror or err}") from err
    if len(data) > limit:
        raise InputError(where, too_big(len(data), limit, uncompressed=True))
    return data


def too_big(size: int, limit: int, *, uncompressed: bool = False) -> str:
    what = "uncompressed, over " if uncompressed else ""
    return (f"is {what}{size / 1e6:.0f} MB; a single article is rarely over "
            f"{limit // 2**20} MB, so this is not read (split it into articles)")


def record_source(path: Path, n: int) -> str:
    """The ``source`` of the n-th record (from 1) of a multi-article file."""
    return f"{path.name}#{n}"


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """A date in any common form (ISO 8601, RFC 822, epoch seconds, free text) as YYYY-MM-DD."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=timezone.utc).strftime("%Y-%m-%d")
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d")
    except ValueError:
        pass
    match = _ISO_DAY.match(text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(text):  # "yesterday", "3 hours ago": relative to when? Left out.
        return None
    try:
        import dateparser  # slow to import: only for dates in free form
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                                  "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001 - a date we cannot read is left out, never an error
        return None
    return parsed.strftime("%Y-%m-%d") if parsed else None
