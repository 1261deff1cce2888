"""The ``stancemap_paragraphs`` component: a line break always ends a sentence.

Runs before the parser, which keeps preset sentence starts. Headlines and captions carry no final
period, and without this the parser runs them into the next paragraph's first sentence (a cue in
the body then takes the headline as its subject). Not handled: text that wraps lines inside
sentences (hard-wrapped plain text); such text should be unwrapped by cleaning first.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("stancemap_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """Mark the first token after each line break as a sentence start."""
    text = doc.text
    pos = text.find("\n")
    n = len(doc)
    if pos < 0:
        return doc
    starts = [t.idx for t in doc]
    from bisect import bisect_left

    while pos >= 0:
        j = pos + 1
        while j < len(text) and text[j].isspace():
            j += 1
        if j >= len(text):
            break
        i = bisect_left(starts, j)
        if 0 < i < n and starts[i] == j:
            doc[i].is_sent_start = True
        pos = text.find("\n", j)
    return doc
