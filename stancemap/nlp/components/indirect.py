"""Indirect quotes from the dependency parse: "X said (that) C", "C, X said", object cues ("X cited
C"), "according to X", noun cues ("X's claim that C"), "This was stated by X", parentheticals."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .. import cues
from .candidates import (UNREALIZED, MIN_INDIRECT_TOKENS, _SENT_END, _SUBJECT_DEPS, _ADDRESSEE_VERBS,
    _REACTION_VERBS, Candidate, _trim)
from .mentions import _actor_like, _source_inside


class IndirectRules:
    """Indirect-quote rules of the quote finder (mixed into :class:`.quotes._QuoteFinder`)."""

    def find_indirect(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.i in self.in_quote or tok.i in self.claimed_cues:
                continue
            low = tok.lower_
            if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                self.according_to(tok)
                continue
            lemma = self.cue_lemma(tok)
            if lemma:
                self.verb_cue(tok, lemma)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in cues.CUE_NOUNS:
                self.noun_cue(tok)
        self.resolve_pending()

    def verb_cue(self, verb: Token, lemma: str) -> None:
        doc = self.doc
        is_speech = lemma in cues.SPEECH_VERBS
        is_object = lemma in cues.OBJECT_VERBS
        is_cognition = lemma in cues.COGNITION_VERBS and not is_speech
        # "This was stated by X": the content is what came before
        if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and subj.lower_ in ("this", "that", "so", "these") and is_speech:
                self.backward(verb)
                return
        if (is_speech or is_cognition) and self.parenthetical(verb):
            return
        if is_speech and self.colon_block(verb):
            return
        clause = self.content_clause(verb)
        method = "indirect-cognition" if is_cognition else "indirect-clause"
        content: tuple[int, int] | None = None
        if clause is not None:
            content = self.clause_range(verb, clause)
        elif verb.dep_ == "parataxis" and verb.i > verb.head.i and is_speech:
            # "The plan is dead, he said" parsed with "said" under the clause
            content = (verb.head.left_edge.i, verb.left_edge.i)
        elif is_speech and not is_object:
            # a clause the parser split off as an object: "clarified the U.S. ... would provide"
            content = self.object_range(verb, lemma)
            if any(c.dep_ == "prep" and c.lower_ in cues.OBJECT_PREPOSITIONS.get(lemma, ()) for c in verb.rights):
                method = "indirect-object"  # "argued for better care": the object of the preposition
            elif content is not None and not any(t.tag_ in ("MD", "VBD", "VBZ", "VBP") and t.i not in self.in_quote
                                                 for t in doc[content[0]:content[1]]):
                content = None
        elif is_object:
            content = self.object_range(verb, lemma)
            method = "indirect-object"
            if lemma in _REACTION_VERBS and content is not None and content[1] - content[0] <= 6 and \
                    not any(t.pos_ in ("VERB", "AUX") for t in doc[content[0]:content[1]]):
                return  # "welcomed the offer", "rejected the report": a reaction, not a statement
            if content is not None and not any(c.dep_ in ("nsubj", "agent") for c in verb.children):
                # an object cue inherits a subject only from another cue ("claims ... and has called for")
                head = verb.head
                if verb.dep_ == "conj" and head.dep_ == "ccomp":
                    head = head.head
                if not (verb.dep_ == "conj" or (verb.dep_ == "advcl" and self.cue_lemma(head))) \
                        and verb.tag_ != "VBG":
                    return
        if content is None:
            return
        start, end = _trim(doc, *content)
        if end - start < MIN_INDIRECT_TOKENS:
            return
        # a participle clause of a main clause ("X opposed the bill, citing cost") is X's
        participle = verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i > verb.head.i \
            and doc[verb.left_edge.i - 1].text == "," if verb.left_edge.i > 0 else False
        head = self.speaker_head(verb, inherit_any=is_speech or verb.dep_ == "conj" or participle)
        if head is None or head.i in self.in_quote or start <= head.i < end:
            return
        if method == "indirect-object" and not _actor_like(head):
            return
        naming = lemma == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp", "attr") for c in verb.children) \
            and any(c.dep_ == "dobj" for c in verb.children)
        if lemma in cues.NEEDS_PREPOSITION and method == "indirect-object" and not naming and \
                not any(c.dep_ in ("prep", "advcl") and (c.lower_ in cues.OBJECT_PREPOSITIONS.get(lemma, ())
                        or any(m.dep_ == "mark" and m.lower_ in cues.OBJECT_PREPOSITIONS.get(lemma, ())
                               for m in c.children)) for c in verb.children):
            return
        if self.covered_by_direct(start, end):
            return
        if self.para(verb.idx) == 0 and verb.pos_ not in ("VERB", "AUX"):
            method = "indirect-headline"
        span, kind = self.mention_span(head)
        if _unrealized(verb):
            # no statement, but its speaker stays an antecedent for the pronouns after it; the
            # speakers component drops it once they are resolved
            method = UNREALIZED
        self.add_indirect(start, end, verb, span, kind, method)

    def colon_block(self, verb: Token) -> bool:
        """ "The governor added:" at the end of a paragraph, the statement in the next one (when it
        is not in quotation marks; quoted ones are direct quotes)."""
        doc = self.doc
        j = verb.i + 1
        while j < len(doc) and j - verb.i < 8 and doc[j].text != ":" and doc[j].text not in _SENT_END:
            j += 1
        if j >= len(doc) or doc[j].text != ":" or "\n" not in self.text[doc[j].idx:doc[j].idx + 3] + (
                doc[j + 1].text if j + 1 < len(doc) else ""):
            return False
        k = j + 1
        while k < len(doc) and doc[k].is_space:
            k += 1
        if k >= len(doc) or k in self.in_quote:
            return False
        para = self.para(doc[k].idx)
        end = k
        while end < len(doc) and self.para(doc[end].idx) == para:
            end += 1
        start, end = _trim(doc, k, end)
        if end - start < MIN_INDIRECT_TOKENS + 1:
            return False
        head = self.speaker_head(verb)
        if head is None:
            return False
        span, kind = self.mention_span(head)
        self.add_indirect(start, end, verb, span, kind, "indirect-clause")
        return True

    def parenthetical(self, verb: Token) -> bool:
        """ "Acts of protest, Mr. Obama said, are acts of patriotism", "Voters, the poll found, have
        left": the cue set off by commas inside its content. Adds the quote (both sides of the cue)
        and returns True if it applies."""
        doc = self.doc
        subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
        if subj is None:
            return False
        lo = min(subj.left_edge.i, verb.i)
        hi = max(subj.right_edge.i, verb.i)
        for child in verb.rights:  # "..., the senator said then, ...", "..., she said on Monday, ..."
            if child.i == hi + 1 and child.dep_ in ("advmod", "npadvmod", "prep"):
                hi = child.right_edge.i
        if lo < 1 or hi + 1 >= len(doc) or doc[lo - 1].text != "," or doc[hi + 1].text != ",":
            return False
        k = self.sent_of(verb.i)
        s_start, s_end = self.sent_span(k)
        left = _trim(doc, s_start, lo - 1)
        right = _trim(doc, hi + 2, s_end)
        if left[1] - left[0] < 2 or right[1] - right[0] < 2:
            return False
        first = doc[right[0]]
        if first.tag_ == "VBG" or self.cue_lemma(first) or first.dep_ == "cc":
            return False
        if any(i in self.in_quote for i in range(left[0], right[1])) and self.covered_by_direct(left[0], right[1]):
            return False
        span, kind = self.mention_span(subj)
        method = "indirect-clause" if verb.lemma_.lower() in cues.SPEECH_VERBS else "indirect-cognition"
        self.add_indirect(left[0], right[1], verb, span, kind, method, parts=[left, right])
        return True

    def content_clause(self, verb: Token) -> Token | None:
        """The clause a cue verb reports: its ccomp, or a clause the parser labelled otherwise
        (an xcomp or advcl with its own subject or a "that")."""
        fallback = None
        for c in verb.children:
            if c.i in self.in_quote and not self.passages[self.in_quote[c.i]].get("embedded"):
                continue
            if c.dep_ == "ccomp":
                later = next((r for r in verb.rights if r.dep_ == "ccomp" and r.i not in self.in_quote), None)
                if c.i < verb.i and later is not None and any(t.text == ";" for t in self.doc[c.right_edge.i:verb.i]):
                    return later  # "A; the team says B": B is what the team says
                return c
            marks = [m.lower_ for m in c.children if m.dep_ == "mark"]
            if marks and marks != ["that"]:
                continue
            if c.dep_ in ("xcomp", "advcl", "dep") and c.i > verb.i and any(
                    m.dep_ in ("nsubj", "nsubjpass") or (m.dep_ == "mark" and m.lower_ == "that") for m in c.children):
                if self.cue_lemma(c):
                    continue
                fallback = fallback or c
        if fallback is None:
            fallback = self.source_noun_clause(verb)
        return fallback

    def source_noun_clause(self, verb: Token) -> Token | None:
        """ "X said in a statement that C", "X said at the time that C": the parser hangs the clause
        on the noun of a phrase between the cue and its content."""
        for prep in verb.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "during", "at", "after"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj" or pobj.pos_ != "NOUN":
                    continue
                for c in pobj.rights:
                    if c.dep_ in ("acl", "ccomp", "relcl") and c.i not in self.in_quote and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                        return c
        return None

    def right_end(self, verb: Token, first: int) -> int:
        """End of a cue's content to its right: the verb's subtree, less trailing cue clauses
        ("..., adding that ...") which make quotes of their own."""
        end = first
        rights = [c for c in verb.rights if c.right_edge.i >= first]
        for idx, child in enumerate(rights):
            if child.dep_ in ("advcl", "conj", "parataxis") and child.i > first and self.cue_lemma(child):
                break
            if child.dep_ == "cc" and idx + 1 < len(rights) and self.cue_lemma(rights[idx + 1]):
                break
            if child.dep_ in ("punct",) and child.text in _SENT_END:
                continue
            end = max(end, child.right_edge.i + 1)
        return end

    def clause_range(self, verb: Token, clause: Token) -> tuple[int, int]:
        """Token range of a content clause, without the cue when the cue sits inside it."""
        start, end = clause.left_edge.i, clause.right_edge.i + 1
        if start <= verb.i < end:
            start = verb.i + 1
        if clause.i > verb.i:
            start = max(start, verb.i + 1)
            end = max(end, self.right_end(verb, start))
            if verb.lemma_.lower() in _ADDRESSEE_VERBS:
                # "told lawmakers an invitation ...": the addressee is not content
                for child in verb.rights:
                    if child.dep_ in ("dobj", "dative") and child.i < clause.left_edge.i:
                        start = max(start, child.right_edge.i + 1)
            end = self.cut_joined_cue(start, end)
        else:
            end = min(end, self._subject_left(verb))
        return start, end

    def cut_joined_cue(self, start: int, end: int) -> int:
        """End a content before "and Y accused ..." joined to it: a cue with a subject of its own
        starts another statement ("X said A and Y accused Z of B")."""
        doc = self.doc
        for tok in doc[start + 1:end]:
            if tok.dep_ != "conj" or not self.cue_lemma(tok):
                continue
            subj = next((c for c in tok.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                continue
            cut = subj.left_edge.i
            while cut > start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].text == ","):
                cut -= 1
            if cut > start + MIN_INDIRECT_TOKENS and cut < subj.left_edge.i:
                return cut
        return end

    def _subject_left(self, verb: Token) -> int:
        left = verb.i
        for child in verb.lefts:
            if child.dep_ in _SUBJECT_DEPS:
                left = min(left, child.left_edge.i)
        return left

    def object_range(self, verb: Token, lemma: str) -> tuple[int, int] | None:
        """Content of a verb whose statement is its object ("cited X", "proposed extending X")."""
        preps = cues.OBJECT_PREPOSITIONS.get(lemma, set())
        first = None
        for child in verb.rights:
            if child.dep_ in ("dobj", "xcomp", "ccomp", "oprd", "attr", "dative") or \
                    (child.dep_ == "prep" and child.lower_ in preps) or \
                    (child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in preps for m in child.children)):
                first = child
                break
            if child.dep_ not in ("prt", "advmod", "punct", "neg", "npadvmod", "prep"):
                break
        if first is None:
            return None
        start = first.left_edge.i
        if first.dep_ == "prep":
            start = first.i + 1
        if lemma in _ADDRESSEE_VERBS and first.dep_ in ("dobj", "dative"):
            nxt = first.right_edge.i + 1
            if nxt < verb.right_edge.i:
                start = nxt
        end = self.right_end(verb, start)
        return start, end

    def according_to(self, tok: Token) -> None:
        """ "according to X, C" / "C, according to X" """
        doc = self.doc
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((t for t in doc[to.i + 1:to.i + 4] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if pobj is None:
            return
        speaker = pobj
        if pobj.lemma_.lower() in cues.SOURCE_NOUNS or pobj.lower_ in cues.SOURCE_NOUNS:
            inner = _source_inside(pobj)
            if inner is not None:
                speaker = inner
        phrase_end = max(pobj.right_edge.i, to.i) + 1
        k = self.sent_of(tok.i)
        s_start, s_end = self.sent_span(k)
        # the phrase is cut out of its sentence; the content is the rest of the clause
        lead = tok.i
        while lead > s_start and doc[lead - 1].dep_ == "cc" or (lead > s_start and doc[lead - 1].lower_ in ("but", "and")):
            lead -= 1
        if lead <= s_start + 1:
            start, end = phrase_end, s_end
        elif phrase_end >= s_end - 2:
            start, end = s_start, tok.i
        else:
            left = _trim(doc, s_start, tok.i)
            right = _trim(doc, phrase_end, s_end)
            start, end = (left if left[1] - left[0] >= right[1] - right[0] else right)
        start, end = _trim(doc, start, end)
        if end - start < MIN_INDIRECT_TOKENS + 1 or self.covered_by_direct(start, end):
            return
        span, kind = self.mention_span(speaker)
        self.add_indirect(start, end, doc[tok.i:to.i + 1], span, kind, "indirect-according")

    def noun_cue(self, noun: Token) -> None:
        """ "X's claim that C", "the statement by X that C" """
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if clause is None:
            return
        speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
        if speaker is None:
            speaker = _source_inside(noun)
        if speaker is None or speaker.pos_ not in ("PROPN", "PRON", "NOUN"):
            return
        start, end = _trim(self.doc, clause.left_edge.i, clause.right_edge.i + 1)
        if end - start < MIN_INDIRECT_TOKENS + 1 or self.covered_by_direct(start, end):
            return
        span, kind = self.mention_span(speaker)
        self.add_indirect(start, end, noun, span, kind, "indirect-noun")

    def backward(self, verb: Token) -> None:
        """ "This was stated by X": the previous sentence, or each sentence of the previous
        paragraph when the cue opens its paragraph."""
        doc = self.doc
        head = self.speaker_head(verb)
        if head is None:
            return
        k = self.sent_of(verb.i)
        s_start, _ = self.sent_span(k)
        if k == 0:
            return
        para = self.para(doc[s_start].idx)
        opens_para = self.text[self.line_starts[para]:doc[s_start].idx].strip() == ""
        targets = []
        j = k - 1
        while j >= 0:
            a, b = self.sent_span(j)
            a_tok = a
            while a_tok < b and doc[a_tok].is_space:
                a_tok += 1
            if a_tok >= b:
                j -= 1
                continue
            targets.append((a_tok, b))
            if not opens_para:
                break
            if self.para(doc[a_tok].idx) < para - 2 or self.text[self.line_starts[self.para(doc[a_tok].idx)]:doc[a_tok].idx].strip() == "":
                break
            j -= 1
        span, kind = self.mention_span(head)
        for a, b in reversed(targets):
            start, end = _trim(doc, a, b)
            if end - start >= MIN_INDIRECT_TOKENS and not self.covered_by_direct(start, end):
                self.add_indirect(start, end, verb, span, kind, "indirect-backward")

    def add_indirect(self, start: int, end: int, cue: Token | Span, speaker: Span, kind: str, method: str,
                     parts: list[tuple[int, int]] | None = None) -> None:
        doc = self.doc
        cue_span = cue if isinstance(cue, Span) else doc[cue.i:cue.i + 1]
        if isinstance(cue, Token):
            cue_span = _cue_phrase(doc, cue)
        if parts is None:
            # a participle cue inside the content starts a quote of its own ("..., even implying that")
            for tok in doc[start + 1:end]:
                if tok.tag_ == "VBG" and tok.dep_ in ("acl", "advcl") and self.cue_lemma(tok) in cues.SPEECH_VERBS \
                        and tok.right_edge.i >= end - 1 and any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
                    end = _trim(doc, start, tok.left_edge.i)[1]
                    break
            if end - start < MIN_INDIRECT_TOKENS:
                return
        parts = parts or [(start, end)]
        self.results.append(Candidate(
            type="indirect", parts=[(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in parts],
            cue=cue_span, speaker=speaker, kind=kind, method=method, tokens=(start, end)))


def _unrealized(verb: Token) -> bool:
    """A cue that reports no statement: negated ("did not disclose", "hasn't said") or an
    infinitive of an obligation or plan ("requires companies to report incidents")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ in ("xcomp", "acl", "advcl") \
        and verb.head.lemma_.lower() in _UNREALIZING_HEADS \
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


# Verbs (and nouns) of obligation, permission, intent and refusal whose infinitive complement
# is not (yet) said: "requires companies to report", "plans to announce", "declined to comment".
# General English; "appeared to suggest", "went on to say" stay statements.
_UNREALIZING_HEADS = frozenset("""require force need compel oblige mandate order plan want intend expect
hope aim seek try allow permit enable encourage ask urge refuse decline fail obligation requirement
duty plan""".split())


def _cue_phrase(doc: Doc, verb: Token) -> Span:
    """The cue as a phrase: the verb plus its particle or preposition ("pointed out", "called for")."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    start = verb.i
    for child in verb.lefts:
        if child.dep_ in ("aux", "neg", "auxpass") and child.i >= verb.i - 2:
            start = min(start, child.i)
    return doc[start:end]
