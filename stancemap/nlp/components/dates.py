"""The ``stancemap_dates`` component: the temporal phrase that dates each statement.

Only phrases attached to the statement's own clause count: DATE/TIME entities governed by the cue
verb through modifiers (not through its content clause), or the sentence's leading temporal phrase
("On February 12, the US Secretary ... said"). Dates inside the quoted or reported content ("the
logistics will be discussed on Monday") are not the statement's date. Sets
``Span._.sm_date_phrase``; :func:`stancemap.nlp.dates.resolve_date` turns it into a date.

Not handled: temporal phrases in an earlier sentence ("On Monday, ... . Later, he said").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import QUOTES_KEY
from ..sents import sentence_of

# Dependencies a date phrase may not pass through on its way up to the cue: they lead into
# another clause.
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"})
# Tokens from the start of the sentence within which a leading temporal phrase must begin.
LEADING_WINDOW = 3


@Language.component("stancemap_dates")
def dates_component(doc: Doc) -> Doc:
    """Attach to each quote the temporal phrase of its statement, if any."""
    date_ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    if not date_ents:
        return doc
    sents = sentence_of(doc)
    for span in doc.spans.get(QUOTES_KEY, []):
        cue = span._.sm_cue
        if cue is None:
            continue
        verb = cue.root
        sent = sents[verb.i]
        parts = span._.sm_parts or ((span.start_char, span.end_char),)
        found: Span | None = None
        for ent in date_ents:
            if ent.start < sent.start or ent.end > sent.end:
                continue
            if any(a <= ent.start_char < b for a, b in parts):
                continue
            if _governed_by(ent.root, verb) or _leading(ent, sent):
                found = ent
                break
        span._.sm_date_phrase = found
    return doc


def _governed_by(tok: Token, verb: Token) -> bool:
    """True when ``tok`` hangs from ``verb`` through modifiers only."""
    steps = 0
    while tok.i != verb.i and steps < 8:
        if tok.dep_ in _CLAUSE_DEPS or tok.head is tok:
            return False
        tok = tok.head
        steps += 1
    return tok.i == verb.i


def _leading(ent: Span, sent: Span) -> bool:
    """A temporal phrase opening the sentence and closed by a comma ("In March, ...")."""
    first = sent.start
    while first < sent.end and (sent.doc[first].is_space or sent.doc[first].is_punct):
        first += 1
    if ent.start - first > LEADING_WINDOW:
        return False
    nxt = sent.doc[ent.end] if ent.end < len(sent.doc) else None
    return nxt is not None and nxt.text == ","
