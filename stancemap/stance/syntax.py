"""Dependency-tree helpers of the stance rules: subjects, governing verbs, phrase spans."""

from __future__ import annotations

from .lexicon import ATTITUDES, LIGHT_VERBS, PHRASES, REPORTING_VERBS, _SUBJECT_DEPS, _in_set


def _holder_tokens(cue) -> tuple[list, object | None]:
    """Head tokens of who holds the attitude expressed by ``cue``, and the light verb through
    which a noun cue gets its holder ("Russia *has* plans")."""
    if cue.pos_ in ("NOUN", "PROPN"):
        for child in cue.children:
            if child.dep_ == "poss":
                return [child], None
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return [obj], None
        head = cue.head
        if cue.dep_ in ("dobj", "attr", "pobj") and head.pos_ in ("VERB", "AUX", "ADP"):
            if head.pos_ == "ADP":
                head = head.head
            if head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() in LIGHT_VERBS or cue.dep_ == "attr"):
                subject = _subject_of(head)
                if subject is not None and subject.dep_ != "expl":
                    return [subject], head
        return [], None
    verb = cue
    if cue.pos_ == "ADP" or cue.dep_ in ("acomp", "attr", "oprd", "amod"):
        verb = cue.head
    subject = _subject(verb)
    if subject is not None and subject.dep_ not in ("expl", "nsubjpass", "csubj"):
        return [subject], None
    if subject is not None and subject.dep_ == "nsubjpass" and cue.lower_ in ATTITUDES:
        return [subject], None  # a state passive: "X is committed to / opposed to ..."
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return [obj], None
    if verb.dep_ == "xcomp":
        head = verb.head
        for child in head.children:
            if child.dep_ == "dobj":
                return [child], None
        subject = _subject_of(head)
        if subject is not None:
            return [subject], None
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        subject = _subject_of(verb.head)  # "X will hold rallies to demand ..."
        if subject is not None and subject.dep_ != "expl":
            return [subject], None
    if verb.dep_ == "conj":
        subject = _subject_of(verb.head)
        if subject is not None:
            return [subject], None
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":
        return [verb.head], None
    return [], None


def _reporting_subject(token):
    """The subject of the reporting verb whose reported clause holds ``token`` ("*Krenz* said his
    party ..."), or None."""
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            return None
        came_from, node = node, node.head
        if node.pos_ == "VERB" and _in_set(REPORTING_VERBS, node) \
                and came_from.dep_ in ("ccomp", "xcomp", "parataxis"):
            return _subject_of(node)
    return None


def _subject_of(verb):
    """The verb's subject, or for a coordinated verb without one, its first conjunct's."""
    seen = 0
    while verb is not None and seen < 5:
        subject = _subject(verb)
        if subject is not None:
            return subject
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _subject(verb):
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    return None


def _governing_verb(token):
    while token is not None and token.pos_ not in ("VERB", "AUX"):
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def _phrase_at(token, phrase: tuple[str, ...]) -> bool:
    """Whether ``token`` is part of an occurrence of ``phrase`` (lemmas or lower-cased words)."""
    positions = [k for k, word in enumerate(phrase) if word in (token.lower_, token.lemma_.lower())]
    if not positions:
        return False
    doc = token.doc
    n = len(phrase)
    for k in positions:
        start = token.i - k
        if start < 0 or start + n > len(doc):
            continue
        span = doc[start:start + n]
        if all(t.lemma_.lower() == w for t, w in zip(span, phrase)) \
                or all(t.lower_ == w for t, w in zip(span, phrase)):
            return True
    return False


def _phrase_indices(token) -> set[int]:
    """Indices of the tokens of every cue phrase that ``token`` is part of."""
    doc = token.doc
    out: set[int] = set()
    for phrase in PHRASES:
        n = len(phrase)
        for k, word in enumerate(phrase):
            start = token.i - k
            if word == token.lemma_.lower() and start >= 0 and start + n <= len(doc) \
                    and all(t.lemma_.lower() == w for t, w in zip(doc[start:start + n], phrase)):
                out.update(range(start, start + n))
    return out


def _span_text(token) -> str:
    tokens = [t for t in token.subtree if t.dep_ in ("compound", "det", "amod", "nmod") or t.i == token.i]
    tokens = sorted(tokens, key=lambda t: t.i)
    return " ".join(t.text for t in tokens)
