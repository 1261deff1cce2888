"""English stop words for the line features: spaCy's list (spaCy is a dependency).

Read from spaCy's ``lang/en/stop_words.py`` source without importing spaCy itself (its import takes
seconds; the cleaner runs without it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load() -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed: its English stop-word list is needed")
    source = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)  # a plain set literal
    words = namespace["STOP_WORDS"]
    return frozenset(str(word).lower() for word in words)  # type: ignore[union-attr]


STOP_WORDS: frozenset[str] = _load()
