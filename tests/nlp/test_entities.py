"""EntityIndex answers exactly as spaCy's own entity lookups do."""

import spacy
from spacy.tokens import Span

from stancemap.nlp.entities import EntityIndex


def _doc():
    nlp = spacy.blank("en")
    doc = nlp("Ada Lovelace met the Royal Society in London on Monday with Charles Babbage .")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 6, "ORG"), Span(doc, 7, 8, "GPE"),
                Span(doc, 9, 10, "DATE"), Span(doc, 11, 13, "PERSON")]
    return doc


def test_within_is_span_ents_for_every_span():
    doc = _doc()
    index = EntityIndex(doc)
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            span = doc[start:end]
            assert [(e.start, e.end) for e in index.within(span)] == \
                [(e.start, e.end) for e in span.ents], (start, end)


def test_at_finds_the_entity_covering_a_token():
    doc = _doc()
    index = EntityIndex(doc)
    for tok in doc:
        expected = next(((e.start, e.end) for e in doc.ents if e.start <= tok.i < e.end), None)
        found = index.at(tok.i)
        assert (None if found is None else (found.start, found.end)) == expected
