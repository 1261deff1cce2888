"""Stage 7: exports (JSON Lines) and the HTML report, read from the store."""

from .jsonl import article_records, write_jsonl
from .report import render_report, write_report

__all__ = ["article_records", "write_jsonl", "render_report", "write_report"]
