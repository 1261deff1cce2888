"""Errors that reach the user: each says what went wrong, where, and what to do."""


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
