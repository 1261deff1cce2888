"""The analyst's corrections, kept apart from the automatic records and applied over them.

A correction is a record of its own (table ``corrections``): it names what it corrects (a quote,
a stance, an actor or, to add a stance, an article) and keeps an *anchor*, a copy of the target
as it was. ``stancemap run`` replaces an article's automatic records but never a correction, so
corrections survive re-runs; when a re-run gives a record a new id, the anchor finds it again,
and a correction whose target is gone is kept, flagged as orphaned, never dropped.

:class:`Reviewed` is the view every reader uses (export, networks, report, web app): the stored
records with the corrections applied, each marked with its review status.
"""

from .corrections import (
    KINDS,
    Correction,
    ReviewError,
    add_correction,
    delete_correction,
    export_corrections,
    import_corrections,
    list_corrections,
)
from .view import Reviewed

__all__ = [
    "KINDS",
    "Correction",
    "ReviewError",
    "Reviewed",
    "add_correction",
    "delete_correction",
    "export_corrections",
    "import_corrections",
    "list_corrections",
]
