"""Stage 6: storage, on SQLite or PostgreSQL; every command reaches the store through ``open_store``."""

from .db import SQLiteStore, Store, open_store
from .migrations import SCHEMA_VERSION
from .sql import DB_ERRORS, DAMAGED_ERRORS, is_postgres_url

__all__ = ["Store", "SQLiteStore", "open_store", "SCHEMA_VERSION", "DB_ERRORS", "DAMAGED_ERRORS",
           "is_postgres_url"]
