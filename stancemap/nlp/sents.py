"""One sentence index per Doc, shared by stancemap's components and harvest.

``token.sent`` rescans the document on every call; for a quote-heavy article that is most of the
stage's time. ``sentence_of(doc)[i]`` is token i's sentence, computed once per parsed Doc.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "stancemap_sentence_of"


def sentence_of(doc: Doc) -> list[Span]:
    """Token index -> its sentence. Call only after sentence boundaries are final (after parsing)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    index: list[Span] = [None] * len(doc)  # type: ignore[list-item]
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            index[i] = sent
    doc.user_data[_KEY] = index
    return index
