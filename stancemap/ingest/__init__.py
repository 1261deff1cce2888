"""Stage 1: find input files and read them into :class:`~stancemap.model.RawArticle` records.

``discover_inputs`` walks the paths a user gives (files and folders) for supported files;
``read_articles`` turns one file into the articles it holds. A file that cannot be read raises
:class:`~stancemap.errors.InputError` naming the file and the problem; the pipeline records it as
a problem and goes on with the next file. A readable file that holds no article at all (a gold
annotation ``.json``, an ``.xml`` that is not a feed) raises :class:`NotArticles`, an InputError
the pipeline turns into a note instead.

Formats (one module each; docs/inputs.md has the fields read): plain text (:mod:`.text`), HTML
pages (:mod:`.html`), JSON and JSON Lines records (:mod:`.records`), RSS/Atom feeds
(:mod:`.feeds`), WARC archives (:mod:`.warc`); any of them gzipped (``.gz``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Problem, RawArticle
from .common import NotArticles
from .feeds import read_feed
from .html import read_html_article
from .records import read_json, read_jsonl
from .text import read_text_article
from .warc import read_warc

__all__ = ["READERS", "NotArticles", "discover_inputs", "read_articles", "supported_suffix"]

log = logging.getLogger(__name__)

# Readers by file suffix. Each takes a path and yields RawArticle records (and, for files of many
# records, a Problem for each record it cannot use). See docs/inputs.md.
_BASE_READERS = {
    ".txt": read_text_article,
    ".text": read_text_article,
    ".html": read_html_article,
    ".htm": read_html_article,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
# Every kind is also read gzipped (X.txt.gz, X.jsonl.gz, ...); WARC archives are usually gzipped
# record by record, which warcio reads itself.
READERS = {
    **_BASE_READERS,
    **{suffix + ".gz": reader for suffix, reader in _BASE_READERS.items()},
    ".warc": read_warc,
    ".warc.gz": read_warc,
}

SKIPPED_NAMES = {"readme.md", "license", "license.txt", "readme.txt"}


def supported_suffix(path: Path) -> str | None:
    """The reader key of a file, or None when stancemap has no reader for it."""
    name = path.name.lower()
    if name in SKIPPED_NAMES or name.startswith("."):
        return None
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def discover_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into the supported files under them, in a stable order.

    Returns the files and a list of notes on what was skipped (unknown suffixes, missing paths).
    A file named directly is read even without a known suffix only if it looks like text.
    """
    files: list[Path] = []
    notes: list[str] = []
    unknown: dict[str, int] = {}
    seen: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if supported_suffix(child) is None:
                    kind = child.suffix.lower() or child.name
                    unknown[kind] = unknown.get(kind, 0) + 1
                    continue
                if child.resolve() not in seen:
                    seen.add(child.resolve())
                    files.append(child)
        elif path.is_file():
            if supported_suffix(path) is None:
                notes.append(f"{path}: skipped (no reader for this kind of file)")
                continue
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
        else:
            notes.append(f"{path}: skipped (no such file or folder)")
    if unknown:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(unknown.items()))
        total = sum(unknown.values())
        notes.append(f"skipped {total} file{'s' if total != 1 else ''} in folders with no reader ({kinds})")
    return files, notes


def read_articles(path: str | Path) -> Iterator[RawArticle | Problem]:
    """Yield the articles one input file holds.

    Raises InputError for a file it cannot read at all (NotArticles, a subclass, for a file that
    holds no articles and is skipped). A file of many records (JSON Lines, feeds, WARC) yields a
    Problem for each record it cannot use, and goes on with the rest.
    """
    path = Path(path)
    suffix = supported_suffix(path)
    if suffix is None:
        raise InputError(str(path), "no reader for this kind of file (supported: "
                         + ", ".join(sorted(READERS)) + ")")
    yield from READERS[suffix](path)
