"""The review web app (``stancemap serve``): browse what stancemap found and correct it.

``create_app(db_path)`` builds the FastAPI application; FastAPI is imported only when it is
asked for, so that the command line starts fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "check_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
