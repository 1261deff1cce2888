"""Long articles parsed in sections, so that no article is refused for its length and memory stays
flat: the statistical pipeline (tagger, parser, entities) runs on sections of at most
:data:`SECTION_CHARS` characters cut at paragraph breaks, the sections' Docs are joined into one
Doc of the whole text (offsets unchanged), and stancemap's own components then run on that Doc.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088) because its parser
and entity recognizer take about 1 GB per 100,000 characters at once; 415,000 characters took 65 s
and 1.7 GB in one piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from .components import COMPONENTS

# Characters per section. Articles up to this length are parsed whole, as before; longer ones in
# sections of at most this many characters. 50,000 characters keep the statistical pipeline's
# peak near 200 MB (bench/bench_long_article.py) while any real news article stays one section.
SECTION_CHARS = 50_000
# Where a section may end, best first: a paragraph break, a line break, a sentence end, a space.
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def split_sections(text: str, size: int | None = None) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it exactly,
    each ending at the best break in its second half (a paragraph break if there is one)."""
    size = size or SECTION_CHARS
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = size  # one unbroken run of characters: cut anywhere
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_long(nlp, text: str, size: int | None = None) -> Doc:
    """The Doc of a text of any length: the statistical pipeline per section, stancemap's
    components once over the joined Doc."""
    own = [name for name in COMPONENTS if name in nlp.pipe_names]
    docs = []
    with nlp.select_pipes(disable=own):
        # One section at a time: nlp.pipe would batch them all and hold their parses at once.
        for section in nlp.pipe(split_sections(text, size), batch_size=1):
            # The token vectors (96 floats a token) are not read after parsing: 150 MB for
            # 2,000,000 characters, twice over once joined.
            section.tensor = section.tensor[:0].copy()
            docs.append(section)
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    del docs
    for name in own:
        doc = nlp.get_pipe(name)(doc)
    return doc


def parse_texts(nlp, texts: list[str], size: int | None = None) -> Iterator[Doc]:
    """Docs of ``texts`` in order: short ones through ``nlp.pipe``, long ones in sections."""
    size = size or SECTION_CHARS
    short = [text for text in texts if len(text) <= size]
    parsed = iter(nlp.pipe(short)) if short else iter(())
    for text in texts:
        yield next(parsed) if len(text) <= size else parse_long(nlp, text, size)
