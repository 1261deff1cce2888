"""Load and validate the analyst's codebook (YAML).

The format::

    name: Ukraine's security after the war        # optional
    propositions:
      - id: ukraine-nato-membership               # slug: lower-case letters, digits, "-" or "_"
        statement: Ukraine should become a member of NATO.
        keywords: [accession, join the alliance]  # optional: extra words that name the target
        support_examples: [...]                   # optional: sentences that support it
        oppose_examples: [...]                    # optional: sentences that oppose it
        description: ...                          # optional: a note for analysts

Every problem is reported as a :class:`~stancemap.errors.CodebookError` that names the file, the
entry ("proposition 3" or "proposition 'some-id'"), the key and how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from stancemap.errors import CodebookError, unknown_keys_message
from stancemap.model import Codebook, Proposition

# What a proposition id may look like: it ends up in URLs, file names and CSV columns.
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TOP_KEYS = ("name", "propositions")
_REQUIRED_KEYS = ("id", "statement")
_LIST_KEYS = ("keywords", "support_examples", "oppose_examples")
_TEXT_KEYS = ("description",)
_ENTRY_KEYS = _REQUIRED_KEYS + _LIST_KEYS + _TEXT_KEYS

# Bytes that never occur in a text file: a NUL in the first block means the file is binary.
_BINARY_PROBE = 8192


def load_codebook(path: str | Path) -> Codebook:
    """Read, validate and return the codebook at ``path``.

    Raises :class:`CodebookError` when the file is missing, unreadable, binary, not YAML, or breaks
    the format; the message names the file, the entry and the fix.
    """
    path = Path(path)
    shown = str(path)
    text = _read_text(path, shown)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "unknown line"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CodebookError(
            shown,
            f"not valid YAML ({problem}); fix the syntax there, e.g. quote values that "
            f"contain ':' or '#', and indent list items consistently",
            entry=line,
        ) from err
    if data is None:
        raise CodebookError(
            shown, "the file is empty; write a mapping with a 'propositions:' list of {id, statement} entries"
        )
    if not isinstance(data, dict):
        raise CodebookError(
            shown,
            f"the top level is a {_type_name(data)}, not a mapping; write 'propositions:' followed by "
            f"a list of {{id, statement}} entries (and optionally 'name:')",
        )
    if message := unknown_keys_message(data, _TOP_KEYS, what="top-level key"):
        raise CodebookError(shown, message)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise CodebookError(shown, f"'name' is a {_type_name(name)}; write the codebook's name as text")
    if "propositions" not in data:
        raise CodebookError(
            shown, "no 'propositions' key; add 'propositions:' with a list of {id, statement} entries"
        )
    entries = data["propositions"]
    if not isinstance(entries, list) or not entries:
        what = "an empty list" if isinstance(entries, list) else f"a {_type_name(entries)}"
        raise CodebookError(
            shown,
            f"'propositions' is {what}; it must be a non-empty list of entries, each starting with "
            f"'- id: ...' and 'statement: ...'",
        )

    propositions: list[Proposition] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        proposition = _read_entry(shown, number, entry)
        if proposition.id in seen:
            raise CodebookError(
                shown,
                f"duplicate id {proposition.id!r} (proposition {seen[proposition.id]} has it too); "
                f"every proposition needs a unique id",
                entry=f"proposition {number}",
            )
        seen[proposition.id] = number
        propositions.append(proposition)
    return Codebook(path=shown, propositions=tuple(propositions), name=name.strip() if name else None)


def _read_text(path: Path, shown: str) -> str:
    if not path.exists():
        raise CodebookError(shown, "no such file; check the path or create the codebook there")
    if path.is_dir():
        raise CodebookError(shown, "is a folder, not a file; give the path of the codebook's YAML file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CodebookError(
            shown, f"cannot be read ({err.strerror or err}); check the file's permissions"
        ) from err
    if b"\x00" in data[:_BINARY_PROBE]:
        raise CodebookError(shown, "is a binary file, not YAML text; give the path of the codebook's YAML file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CodebookError(
            shown, f"is not UTF-8 text (byte {err.start}); save the codebook as UTF-8"
        ) from err


def _read_entry(shown: str, number: int, entry: object) -> Proposition:
    where = f"proposition {number}"
    if not isinstance(entry, dict):
        raise CodebookError(
            shown,
            f"is a {_type_name(entry)}, not a mapping; write each proposition as '- id: ...' with "
            f"'statement: ...' on the next line, indented to match",
            entry=where,
        )
    for key in _REQUIRED_KEYS:
        value = entry.get(key)
        if key not in entry or value is None or (isinstance(value, str) and not value.strip()):
            raise CodebookError(
                shown,
                f"missing or empty {key!r}; every proposition needs a unique 'id' (a slug such as "
                f"'carbon-tax') and a 'statement' (one sentence a speaker can support or oppose)",
                entry=_entry_name(number, entry),
            )
    raw_id = entry["id"]
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        raise CodebookError(
            shown, f"'id' is a {_type_name(raw_id)}; write the id as a slug such as 'carbon-tax'", entry=where
        )
    prop_id = str(raw_id).strip()
    if not _SLUG.match(prop_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", prop_id.lower()).strip("-") or "my-proposition"
        raise CodebookError(
            shown,
            f"'id' {prop_id!r} is not slug-like; use lower-case letters, digits and '-' or '_' "
            f"only, e.g. {suggestion!r}",
            entry=where,
        )
    where = f"proposition {prop_id!r}"
    if message := unknown_keys_message(entry, _ENTRY_KEYS):
        raise CodebookError(shown, message, entry=where)
    statement = entry["statement"]
    if not isinstance(statement, str):
        raise CodebookError(
            shown,
            f"'statement' is a {_type_name(statement)}; write it as one sentence of text",
            entry=where,
        )
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        lists[key] = _read_list(shown, where, key, entry.get(key))
    description = entry.get("description")
    if description is not None and not isinstance(description, str):
        raise CodebookError(
            shown, f"'description' is a {_type_name(description)}; write it as text", entry=where
        )
    return Proposition(
        id=prop_id,
        statement=" ".join(statement.split()),
        keywords=lists["keywords"],
        support_examples=lists["support_examples"],
        oppose_examples=lists["oppose_examples"],
        description=description.strip() if description and description.strip() else None,
    )


def _read_list(shown: str, where: str, key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        raise CodebookError(
            shown,
            f"{key!r} is a single string; write it as a list, e.g. '{key}: [{value.strip()[:30]!r}]' "
            f"or one '- item' per line",
            entry=where,
        )
    if not isinstance(value, list):
        raise CodebookError(
            shown, f"{key!r} is a {_type_name(value)}; write it as a list of strings", entry=where
        )
    items = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            what = "empty" if isinstance(item, str) else f"a {_type_name(item)}"
            raise CodebookError(
                shown,
                f"{key!r} item {i} is {what}; every item must be non-empty text (quote it if it "
                f"contains ':' or '#')",
                entry=where,
            )
        items.append(" ".join(item.split()))
    return tuple(items)


def _entry_name(number: int, entry: dict) -> str:
    raw_id = entry.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        return f"proposition {raw_id.strip()!r}"
    return f"proposition {number}"


def _type_name(value: object) -> str:
    return {
        dict: "mapping",
        list: "list",
        str: "string",
        int: "number",
        float: "number",
        bool: "true/false value",
        type(None): "null",
    }.get(type(value), type(value).__name__)
