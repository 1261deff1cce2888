"""Aggregation, discourse networks and coalitions from stored stances (DNA-style).

The names below load on first use, so that importing the command line stays fast.
"""

from __future__ import annotations

from importlib import import_module

_NAMES = {
    "Statement": "statements", "load_statements": "statements", "NetworkError": "statements",
    "aggregate": "tables",
    "twomode": "build", "onemode": "build", "network": "build", "windows": "build",
    "coalitions": "camps",
    "write_graphml": "io", "write_gexf": "io", "write_edges_csv": "io", "write_matrix_csv": "io",
    "write_statements_csv": "io",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
