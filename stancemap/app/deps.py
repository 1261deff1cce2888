"""What the app's routes share (the per-request store, the list filters and paging), in a module
of its own so that the server, the API and the pages import it without importing each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Depends, HTTPException, Query, Request

from ..errors import StoreError
from ..store import SQLiteStore, open_store
from . import data

# Offsets past this answer 422: SQLite's OFFSET is a signed 64-bit integer (2**63 answered 500).
MAX_OFFSET = 2**31 - 1
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@contextmanager
def database(request: Request) -> Iterator[SQLiteStore]:
    """The app's store, opened for this request only (writable, so corrections can be saved)."""
    path: Path | str = request.app.state.db_path
    if isinstance(path, Path) and not path.is_file():
        raise HTTPException(503, f"{path}: the database is gone")
    try:
        store = open_store(path)
    except StoreError as err:
        raise HTTPException(503, str(err)) from err
    try:
        yield store
    finally:
        store.close()


def filters(actor: str | None = Query(None, description="actor id"),
            proposition: str | None = Query(None, description="proposition id"),
            outlet: str | None = Query(None, description="outlet name, exactly"),
            date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD, inclusive"),
            date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD, inclusive"),
            article: str | None = Query(None, description="article id (quotes and stances)"),
            rejected: bool = Query(False, description="include rejected records")) -> data.Filters:
    """The list filters, from the query string (shared with the HTML pages)."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value and not DATE.fullmatch(value):
            raise HTTPException(400, f"{name}: {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)")
    return data.Filters(actor=actor or None, proposition=proposition or None, outlet=outlet or None,
                        date_from=date_from or None, date_to=date_to or None, article=article or None,
                        rejected=rejected)


FILTERS = Depends(filters)
LIMIT = Query(50, ge=1, le=500)
OFFSET = Query(0, ge=0, le=MAX_OFFSET)
