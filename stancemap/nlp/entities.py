"""The named entities of one document, read once and looked up by token position.

spaCy builds every entity ``Span`` anew each time ``doc.ents`` or ``span.ents`` is read, so a
component that asks once per quote or mention spends time in the square of the article's length.
Components that read entities many times over one document keep an :class:`EntityIndex`; the
document's entities must not change while it is in use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span


class EntityIndex:
    """``doc.ents`` once, with ``Span.ents`` and 'the entity at token i' by binary search."""

    def __init__(self, doc: Doc) -> None:
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self._starts = [ent.start for ent in self.ents]

    def within(self, span: Span) -> list[Span]:
        """The entities wholly inside ``span``, exactly as ``span.ents`` gives them."""
        out = []
        for j in range(bisect_left(self._starts, span.start), len(self.ents)):
            if self.ents[j].end > span.end:
                break  # spaCy stops at the first entity that runs past the span
            out.append(self.ents[j])
        return out

    def at(self, i: int) -> Span | None:
        """The entity covering token ``i``, if any."""
        j = bisect_right(self._starts, i) - 1
        if j >= 0 and self.ents[j].end > i:
            return self.ents[j]
        return None
