"""Speaker mentions of quote cues: who the subject of a cue is ("X said", "said X", "X, who said",
"according to X") and how much of the text names them (a name, a pronoun, a role, a metonym)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .. import cues
from ...actors.keys import TITLE_WORDS, country_for
from .candidates import (SPEAKER_PRONOUNS, NON_ACTOR_ENTITIES, ACTOR_ENTITIES, RELATIVE_PRONOUNS, _SENT_END,
    _MENTION_PREPS)


class MentionRules:
    """Speaker rules of the quote finder (mixed into :class:`.quotes._QuoteFinder`)."""

    def speaker_head(self, verb: Token, depth: int = 0, inherit_any: bool = True) -> Token | None:
        """The token heading the speaker of a cue verb (subject, passive agent, or inherited)."""
        subj = None
        for child in verb.children:
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
            if child.dep_ in ("nsubj", "csubj") and child.i not in self.in_quote:
                if subj is None or (child.i < verb.i and _is_dateline(subj)):
                    subj = child  # "SARNHOLM, March 31 - Minister X said": two subjects parsed
        if subj is None and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
            # "X was quoted as saying": the passive subject speaks
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i not in self.in_quote), None)
        if subj is not None and subj.i in self.datelines:
            subj = self.after_dateline(subj, verb)
        if subj is not None:
            if subj.lower_ in cues.EXPLETIVE_SUBJECTS:
                return None
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                # the mention at the cue is the relative pronoun; the speakers component
                # resolves it to the noun it modifies
                if verb.head.ent_type_ in NON_ACTOR_ENTITIES:
                    return None
                return subj
            if subj.ent_type_ in NON_ACTOR_ENTITIES:
                return None
            if subj.is_upper and len(subj) > 2 and subj.i + 1 < len(self.doc) \
                    and self.doc[subj.i + 1].text in cues.ATTRIBUTION_DASHES:
                # a dateline ("WASHINGTON -- President Obama said"): the name after the dash
                for tok in self.doc[subj.i + 2:verb.i]:
                    if tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN":
                        subj = tok
                return subj
            return subj
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            head = verb.head
            if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ACTOR_ENTITIES:
                return head  # "von der Leyen saying ..."
            # a participle the parser hung on a noun: climb to the verb of that clause
            while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX") and head.head is not head:
                head = head.head
            if depth < 3 and head.pos_ in ("VERB", "AUX") and self.cue_lemma(head):
                return self.speaker_head(head, depth + 1, inherit_any)
            return None
        if depth < 3 and verb.dep_ in ("conj", "advcl", "xcomp", "pcomp") and verb.head is not verb:
            head = verb.head
            if verb.dep_ == "conj" and head.dep_ == "ccomp" and self.cue_lemma(head.head):
                # "X claims that A and has called for B": the parser hung B on A
                return self.speaker_head(head.head, depth + 1, inherit_any)
            if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "ccomp" and not self.cue_lemma(head) \
                    and self.cue_lemma(head.head):
                # "X argued that A, saying B": the parser hung the participle on A
                return self.speaker_head(head.head, depth + 1, inherit_any)
            if head.dep_ == "prep":
                head = head.head
            if inherit_any or self.cue_lemma(head):
                return self.speaker_head(head, depth + 1, inherit_any)
        if verb.dep_ == "ROOT" or verb.dep_ == "relcl":
            return self.left_subject(verb)
        return None

    def after_dateline(self, subj: Token, verb: Token) -> Token | None:
        """The subject the parser hung on a dateline ("KOLVASK (CWS) - Drevnian officials said")."""
        appos = [c for c in subj.children if c.dep_ == "appos" and c.i not in self.datelines and c.i < verb.i]
        if appos:
            return appos[-1]
        for tok in reversed(self.doc[subj.i + 1:verb.i]):
            if tok.i in self.datelines or tok.text in cues.ATTRIBUTION_DASHES:
                break
            if tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ != "compound":
                return tok
        return None

    def left_subject(self, verb: Token) -> Token | None:
        """A subject the parse lost: "Steve Witkoff, a special envoy ..., mentioned that"."""
        doc = self.doc
        j = verb.i - 1
        while j >= 0 and doc[j].dep_ in ("advmod", "aux", "neg") and doc[j].pos_ != "PUNCT":
            j -= 1
        if j < 0:
            return None
        if doc[j].text == ",":
            k = j - 1
            while k >= 0 and j - k < 25 and doc[k].text != "," and doc[k].text not in _SENT_END:
                k -= 1
            if k <= 0 or doc[k].text != ",":
                return None
            j = k - 1
        tok = doc[j]
        if tok.pos_ == "PROPN" or tok.ent_type_ in ACTOR_ENTITIES:
            return tok
        return None

    def mention_span(self, head: Token) -> tuple[Span, str]:
        """The speaker mention around ``head`` and its kind (name | pronoun | role | metonym)."""
        doc = self.doc
        if head.pos_ == "PRON" or head.lower_ in SPEAKER_PRONOUNS:
            return doc[head.i:head.i + 1], "pronoun"
        ent = _ent_of(head)
        if ent is not None and ent.start >= 2 and doc[ent.start - 1].lower_ in ("of", "from", "at"):
            # "Lena Ivarsen of Coastwatch said": the person, not the body they belong to
            person = _ent_of(doc[ent.start - 2])
            if person is not None and person.label_ == "PERSON" and not _is_possessive(person):
                return person, "name"
        if ent is not None and ent.label_ == "PERSON":
            cut = next((t.i for t in ent[2:] if t.lower_ in ("of", "from")), None)
            if cut is not None and all(t.is_title for t in doc[ent.start:cut]):
                ent = Span(doc, ent.start, cut, label="PERSON")  # "Lena Ivarsen of Coastwatch"
        if ent is not None and len(ent) > 1 and ent[0].i < head.i and ent[0].lower_ in cues.CUE_WORDS_IN_NAMES:
            ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)  # "Said Larsen:" read as one name
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            if _is_possessive(ent):
                # "Donald Trump's special envoy ... Stephen Witkoff": the possessor is not the speaker
                for tok in doc[ent.end:min(len(doc), ent.end + 14)]:
                    if tok.text in (",", ";") or tok.pos_ in ("VERB", "AUX"):
                        break
                    other = _ent_of(tok)
                    if other is not None and other.label_ == "PERSON" and not _is_possessive(other):
                        return other, "name"
            return ent, "name"
        if head.pos_ == "NOUN" and head.lemma_.lower() in cues.SOURCE_NOUNS:
            # "a new analysis from the Yale Budget Lab found": the body behind the document speaks
            inner = _source_inside(head)
            if inner is not None and inner.i not in self.in_quote and _ent_of(inner) is not None \
                    and _ent_of(inner).label_ in ("PERSON", "ORG", "GPE", "NORP"):
                return self.mention_span(inner)
        # a common noun whose phrase holds a name: "Trump's special envoy ... Stephen Witkoff"
        left = head.left_edge.i
        right = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in _MENTION_PREPS:
                right = max(right, child.right_edge.i + 1)
            elif child.dep_ in ("compound", "appos", "flat") and child.left_edge.i == right:
                right = child.right_edge.i + 1
            elif child.dep_ == "punct" and child.text == "," and child.i == right:
                right = child.i + 1  # "Its director-general, Sabine Oduya, said"
            else:
                break
        while right > head.i + 1 and doc[right - 1].is_punct:
            right -= 1
        span = doc[left:right]
        best = None
        for e in self.entities.within(span):
            if e.label_ == "PERSON" and not _is_possessive(e):
                best = e
        if best is not None:
            return best, "name"
        appos = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < right), None)
        if appos is not None and head.pos_ == "NOUN":
            # "Japan's ambassador, Kenji Sato," with the name missed by the NER
            s = appos.i
            while s > head.i + 1 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].dep_ in ("compound", "flat"):
                s -= 1
            return doc[s:appos.i + 1], "name"
        if head.pos_ == "PROPN" and head.lower_ in TITLE_WORDS:
            # "Former Lord Justice of Appeal Baroness X urged": the title heads the phrase, the
            # name closes it (the last run of proper nouns that are not titles)
            named = [t for t in head.subtree if t.i > head.i and t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS
                     and t.i not in self.in_quote]
            if named:
                last = named[-1]
                s = last.i
                while s > head.i + 1 and (doc[s - 1].pos_ == "PROPN" or doc[s - 1].text == "-") \
                        and doc[s - 1].lower_ not in TITLE_WORDS:
                    s -= 1
                return doc[s:last.i + 1], "name"
        if head.pos_ == "PROPN":
            # a name the NER missed: the run of proper nouns around the head
            s = head.i
            while s > left and doc[s - 1].pos_ == "PROPN":
                s -= 1
            return doc[s:head.i + 1], "name"
        for e in self.entities.within(span):
            if e.label_ in ("GPE", "ORG", "NORP", "LOC"):
                return span, "metonym"
        if any(country_for(t.text) for t in span if t.is_title):
            return span, "metonym"
        return span, "role"


def _ent_of(tok: Token) -> Span | None:
    if tok.ent_iob_ == "O" or not tok.ent_type_:
        return None
    doc = tok.doc
    s = tok.i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    e = tok.i + 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    span = doc[s:e]
    span.label_ = tok.ent_type_
    return span


def _is_dateline(tok: Token) -> bool:
    """An upper-case place opening a dateline ("SARNHOLM, March 31 (CWS) -")."""
    doc = tok.doc
    return tok.is_upper and len(tok) > 2 and tok.i + 1 < len(doc) and \
        (doc[tok.i + 1].text == "," or doc[tok.i + 1].text in cues.ATTRIBUTION_DASHES)


def _is_possessive(span: Span) -> bool:
    last = span[-1]
    nxt = span.doc[last.i + 1] if last.i + 1 < len(span.doc) else None
    return (nxt is not None and (nxt.dep_ == "case" or nxt.text in _POSSESSIVE_MARKS)) \
        or last.text.endswith(("\u2019s", "'s", "\u02bcs"))


def _actor_like(tok: Token) -> bool:
    """A token that can head a speaker: a name, a pronoun, or a noun for people or a body."""
    if tok.ent_type_ in ACTOR_ENTITIES or tok.pos_ in ("PROPN", "PRON"):
        return True
    if any(c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG") for c in tok.children):
        return True  # "His former partner, Lars Vik, called ..."
    return tok.lemma_.lower() in cues.SPEAKER_NOUNS


def _is_outlet(span: Span | None) -> bool:
    """A speaker mention that names a news outlet or agency ("the Guardian", "ABC News", "AP",
    "the newspaper", "Danish media")."""
    if span is None:
        return False
    words = [t.lower_ for t in span if not t.is_punct and t.lower_ != "the"]
    if " ".join(words) in cues.NEWS_AGENCIES or span.root.lemma_.lower() in cues.MEDIA_NOUNS:
        return True
    return span.root.pos_ == "PROPN" and any(w in cues.MEDIA_NAME_WORDS for w in words)


def _is_group(span: Span | None) -> bool:
    return span is not None and span.root.tag_ in ("NNS", "NNPS") and span.root.pos_ != "PRON"


def _nearest_nominal(tokens: list[Token], cue: Token) -> Token | None:
    """When the parse gives a cue no subject: the proper noun or pronoun beside it."""
    best = None
    for tok in tokens:
        if tok.pos_ in ("PROPN", "PRON") and abs(tok.i - cue.i) <= 4:
            if best is None or abs(tok.i - cue.i) < abs(best.i - cue.i):
                best = tok
    return best


def _source_inside(noun: Token) -> Token | None:
    """The speaker inside a source noun: "remarks made by X", "X's statement", "a report from X"."""
    for tok in noun.subtree:
        if tok.dep_ == "agent" or (tok.dep_ == "prep" and tok.lower_ in ("by", "from", "of")):
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if tok.dep_ == "poss" and tok.head == noun:
            return tok
    return None


_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "\u02bcs", "'", "\u2019", "\u02bc"})
