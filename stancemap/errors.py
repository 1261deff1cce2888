"""Errors that reach the user: each says what went wrong, where, and what to do."""

from collections.abc import Iterable, Mapping


def unknown_keys_message(mapping: Mapping, allowed: Iterable[str], *, what: str = "key") -> str | None:
    """"unknown key(s) 'x'; allowed keys are ..." for a user file's mapping, or None if all are known."""
    allowed = tuple(allowed)
    unknown = sorted(str(k) for k in mapping if k not in allowed)
    if not unknown:
        return None
    return (f"unknown {what}(s) {', '.join(repr(k) for k in unknown)}; allowed keys are "
            + ", ".join(repr(k) for k in allowed))


class StancemapError(Exception):
    """Base class for every error stancemap reports to the user."""


class InputError(StancemapError):
    """An input file cannot be read or holds no article."""

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class CodebookError(StancemapError):
    """The codebook is missing, is not valid YAML, or an entry breaks the format."""

    def __init__(self, path: str, message: str, *, entry: str | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        where = f"{self.path}, {entry}" if entry else self.path
        super().__init__(f"{where}: {message}")


class StoreError(StancemapError):
    """The database cannot be opened, migrated or written."""


class ModelError(StancemapError):
    """The spaCy pipeline named by the user cannot be loaded."""


def damaged_message(path: object, err: BaseException) -> str:
    """What to tell the user when SQLite finds the database file damaged while reading it."""
    return (f"{path}: the database is damaged ({err}); `stancemap check --db {path}` lists the damage;"
            " restore it from a backup or re-run `stancemap run` into a new file")


def printable(text: str) -> str:
    """``text`` safe for one line of a terminal: control, format and line-separator characters
    (newlines, escape sequences, bidi overrides) shown escaped, so a file named ``a\\nOK`` cannot
    forge a line of output or recolour the terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return "".join(out)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
