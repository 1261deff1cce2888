"""Stage 6: storage. SQLite now; every command reaches the store through ``open_store``."""

from .db import SQLiteStore, open_store
from .migrations import SCHEMA_VERSION

__all__ = ["SQLiteStore", "open_store", "SCHEMA_VERSION"]
