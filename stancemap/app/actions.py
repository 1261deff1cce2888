"""Corrections as the app receives them, handed to the corrections layer (stancemap.review).

The corrections layer checks each correction against the store and says, with its error, which
HTTP status fits (400 malformed, 404 no such target, 409 not possible in the current state); the
app answers with that status and the message, and saves nothing.
"""

from __future__ import annotations

from fastapi import HTTPException

from ..review import KINDS, ReviewError, add_correction, delete_correction, list_corrections
from ..store import SQLiteStore

CORRECTION_FIELDS = ("id", "created", "kind", "target", "article_id", "payload", "note", "author",
                     "orphaned", "applies_to")


def correction_record(correction: object) -> dict:
    """A correction as a plain dict (for templates and the API)."""
    return {k: getattr(correction, k, None) for k in CORRECTION_FIELDS}


def corrections(store: SQLiteStore) -> list[dict]:
    """Every correction, newest first."""
    return [correction_record(c) for c in reversed(list_corrections(store))]


def apply(store: SQLiteStore, kind: str, target: str, payload: object, *, note: str | None = None,
          author: str | None = None) -> dict:
    """Save one correction; the saved correction as a dict. HTTPException if it cannot apply."""
    if kind not in KINDS:
        raise HTTPException(400, f"unknown correction kind {kind!r}; known kinds: {', '.join(KINDS)}")
    if not isinstance(payload, dict):
        raise HTTPException(400, f"{kind}: the payload must be an object")
    payload = dict(payload)
    if kind == "stance.add" and "article_id" in payload:
        # The article is the target; the payload may repeat it.
        if payload.pop("article_id") != target:
            raise HTTPException(400, "stance.add: payload article_id differs from the target article")
    try:
        correction = add_correction(store, kind, target, payload, note=note or None, author=author or None)
    except ReviewError as err:
        raise HTTPException(getattr(err, "status", 400), str(err)) from err
    return correction_record(correction)


def undo(store: SQLiteStore, correction_id: str | int) -> dict:
    """Delete one correction; what was deleted. HTTPException 404 if there is none with that id."""
    try:
        number = int(correction_id)
    except (TypeError, ValueError):
        raise HTTPException(404, f"no correction with id {correction_id!r}") from None
    try:
        return correction_record(delete_correction(store, number))
    except ReviewError as err:
        raise HTTPException(getattr(err, "status", 400), str(err)) from err
