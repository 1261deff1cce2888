"""Direct quotes: quoted passages that stand as statements, their cues ("...," she said; he said:
"..."; "..." -- Jane Doe), split quotes joined across a cue, colon lines ("NAME: ...")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .. import cues
from ..marks import QuotedSpan
from .candidates import (MAX_CUE_REGION, MAX_NAME_COLON_WORDS, NOT_SPEAKER_LABELS, MIN_INDIRECT_TOKENS,
    ACTOR_ENTITIES, _SENT_END, _ADDRESSEE_VERBS, Candidate)
from .mentions import _nearest_nominal


class DirectRules:
    """Direct-quote rules of the quote finder (mixed into :class:`.quotes._QuoteFinder`)."""

    def is_free(self, item: dict) -> bool:
        """True when the quoted passage stands as a clause of its own (not a fragment)."""
        q: QuotedSpan = item["q"]
        text = self.text
        line_start = self.line_starts[self.para(q.open)]
        before = text[line_start:q.open].rstrip()
        content = text[q.start:q.end].strip()
        if len(content) < 2:
            return False
        left_ok = (not before or before[-1] in ",:;\u2014\u2013-(.!?\u201d\"'" or before.endswith("..."))
        if not left_ok:
            # "told reporters "..."": a cue verb or its object right before the mark
            prev = self.doc[item["open_tok"] - 1] if item["open_tok"] > 0 else None
            if prev is not None and prev.lower_ == "that" and prev.i > 0:
                # 'told reporters that "..."': the complementizer stands between cue and mark
                prev = self.doc[prev.i - 1]
            if prev is not None and (self.cue_lemma(prev) or (prev.head.i < prev.i and self.cue_lemma(prev.head)
                                                              and prev.dep_ in ("dobj", "dative", "pobj"))):
                # 'said "the deadline cannot move."': the whole content is quoted, so the quote is
                # direct even when it opens in lower case, if it closes its sentence
                left_ok = content[:1].isupper() or (self._speech_or_addressee(prev)
                                                    and _closes_sentence(content, text[q.close:q.close + 3]))
        if not left_ok:
            return False
        after = text[q.close:q.close + 80]
        nl = after.find("\n")
        if nl >= 0:
            after = after[:nl]
        after = after.lstrip()
        if not after or after[0] in ".,;:!?\u2014\u2013\u2015-)" or content[-1] in ",.!?\u2026":
            return True
        # a word follows: fine only if a cue clause follows ("..." Trump said)
        j = item["close_tok"] + 1
        for tok in self.doc[j:j + 6]:
            if tok.text in _SENT_END or tok.i in self.in_quote:
                break
            if self.cue_lemma(tok) and tok.lemma_.lower() in cues.SPEECH_VERBS:
                return True
        return False

    def _speech_or_addressee(self, tok: Token) -> bool:
        """A speech verb ("said"), or the addressee right after one ("told reporters"), that is not
        itself inside a reported clause ('said the report confirmed "..."': a paraphrase)."""
        if tok.dep_ == "ccomp" or tok.head.dep_ == "ccomp" and tok.dep_ in ("dobj", "dative"):
            return False
        if self.cue_lemma(tok) in cues.SPEECH_VERBS:
            return True
        head = tok.head
        return tok.dep_ in ("dobj", "dative") and head.i < tok.i and head.lemma_.lower() in _ADDRESSEE_VERBS \
            and self.cue_lemma(head) is not None

    def region(self, item: dict, side: str) -> list[Token]:
        """Tokens of the cue region before or after a quoted passage, outside any quote."""
        doc = self.doc
        out: list[Token] = []
        if side == "after":
            i = item["close_tok"] + 1
            while i < len(doc) and len(out) < MAX_CUE_REGION:
                tok = doc[i]
                if i in self.in_quote or "\n" in tok.text:
                    break
                out.append(tok)
                if tok.text in _SENT_END:
                    break
                i += 1
            return out
        i = item["open_tok"] - 1
        while i >= 0 and len(out) < MAX_CUE_REGION:
            tok = doc[i]
            if i in self.in_quote or "\n" in tok.text or tok.text in _SENT_END:
                break
            out.append(tok)
            i -= 1
        out.reverse()
        return out

    def find_cue(self, tokens: list[Token]) -> Token | None:
        """The reporting verb of a cue region (the first one that has a speaker)."""
        for tok in tokens:
            lemma = self.cue_lemma(tok)
            if lemma and (lemma in cues.SPEECH_VERBS or lemma in ("think", "believe")):
                return tok
        return None

    def dash_speaker(self, tokens: list[Token]) -> tuple[Token, Span] | None:
        """ "..." -- Jane Doe: the dash and the name after it."""
        if len(tokens) < 2 or tokens[0].text not in cues.ATTRIBUTION_DASHES:
            return None
        names = []
        for tok in tokens[1:]:
            if tok.is_space and not names:
                continue  # "―\u00a0Jane Doe": a no-break space after the dash
            if tok.is_punct or not (tok.is_title or tok.pos_ == "PROPN" or tok.is_upper):
                break
            names.append(tok)
        if not names:
            return None
        return tokens[0], self.doc[names[0].i:names[-1].i + 1]

    def attribute_direct(self, frees: list[dict]) -> None:
        prev: dict | None = None
        for item in frees:
            q: QuotedSpan = item["q"]
            before = self.region(item, "before")
            after = self.region(item, "after")
            content = self.text[q.start:q.end].rstrip()
            item["after_end"] = after[-1].idx + len(after[-1]) if after else q.close
            cue = speaker = None
            method = None
            dash = self.dash_speaker(after)
            if dash:
                cue, speaker_span = dash
                self.add_direct(item, cue_span=self.doc[cue.i:cue.i + 1], speaker=speaker_span, kind="name",
                                method="direct-dash")
                prev = item
                continue
            cue_after = self.find_cue(after)
            cue_before = self.find_cue(before)
            before_text = self.text[before[0].idx:q.open].rstrip() if before else ""
            if cue_after is not None and (content.endswith(",") or cue_before is None
                                          or not before_text.endswith((":", ","))):
                cue = cue_after
            elif cue_before is not None:
                cue = cue_before
            if cue is not None:
                head = self.speaker_head(cue)
                if head is None and cue in after:
                    head = _nearest_nominal(after, cue)
                if head is not None and head.i not in self.in_quote:
                    # the same cue on both sides of two passages: one split quote
                    if prev is not None and prev.get("cue_tok") == cue.i and prev.get("result") is not None \
                            and self.para(prev["q"].open) == self.para(q.open):
                        self.join(prev, item)
                        continue
                    span, kind = self.mention_span(head)
                    self.add_direct(item, cue_span=self.doc[cue.i:cue.i + 1], speaker=span, kind=kind,
                                    method="direct-cue")
                    item["cue_tok"] = cue.i
                    prev = item
                    continue
            # no cue of its own: a continuation or context, unless it reads as a title
            if _title_case(content):
                self.drop("quoted title")
                prev = None
                continue
            if prev is not None and prev.get("result") is not None and not before:
                same_para = self.para(prev["q"].open) == self.para(q.open)
                gap = self.text[prev["after_end"]:q.open]
                if same_para and not gap.strip(" \t\u00a0"):
                    self.join(prev, item)
                    continue
                if self.para(q.open) - self.para(prev["q"].close) <= 2 and not gap.strip() \
                        and self.text[self.line_starts[self.para(q.open)]:q.open].strip() == "":
                    res = prev["result"]
                    self.add_direct(item, cue_span=res.cue, speaker=res.speaker, kind=res.kind,
                                    method="direct-continued")
                    item["cue_tok"] = None
                    prev = item
                    continue
            colon = self.colon_cue(item)
            if colon is not None:
                cue_tok, head = colon
                span, kind = self.mention_span(head)
                self.add_direct(item, cue_span=self.doc[cue_tok.i:cue_tok.i + 1], speaker=span, kind=kind,
                                method="direct-colon")
                prev = item
                continue
            item["pending"] = True  # resolved from context after the indirect pass
            prev = item if prev is None or prev.get("result") is None else prev

    def colon_cue(self, item: dict) -> tuple[Token, Token] | None:
        """A cue ending the previous sentence with a colon ("He said:" + quote)."""
        i = item["open_tok"] - 1
        while i >= 0 and (self.doc[i].is_space or "\n" in self.doc[i].text):
            i -= 1
        if i < 0 or self.doc[i].text != ":":
            return None
        j = i - 1
        steps = 0
        while j >= 0 and steps < MAX_CUE_REGION and self.doc[j].text not in _SENT_END and j not in self.in_quote:
            lemma = self.cue_lemma(self.doc[j])
            if lemma and lemma in cues.SPEECH_VERBS:
                head = self.speaker_head(self.doc[j])
                if head is None and self.doc[j].is_sent_start:
                    # "Said Larsen: ...": the speaker follows the cue
                    head = next((t for t in self.doc[j + 1:i] if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"), None)
                    while head is not None and head.i + 1 < i and self.doc[head.i + 1].pos_ == "PROPN":
                        head = self.doc[head.i + 1]
                if head is not None:
                    return self.doc[j], head
            j -= 1
            steps += 1
        # "Newsom framed the law as a balanced approach:" + a quote: the subject of the clause the
        # colon closes introduces the quote, whatever its verb
        root = self.doc[i - 1].sent.root if i > 0 else None
        if root is None or root.i in self.in_quote or root.pos_ not in ("VERB", "AUX"):
            return None
        head = self.speaker_head(root)
        if head is None or not (head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ACTOR_ENTITIES):
            return None
        return root, head

    def add_direct(self, item: dict, *, cue_span: Span | None, speaker: Span | None, kind: str | None,
                   method: str) -> None:
        q: QuotedSpan = item["q"]
        item["result"] = Candidate(type="direct", parts=[(q.start, q.end)], cue=cue_span, speaker=speaker,
                                   kind=kind, method=method, items=[item])
        if cue_span is not None and cue_span.label_ != "context":
            self.claimed_cues.update(range(cue_span.start, cue_span.end))
        self.results.append(item["result"])

    def join(self, prev: dict, item: dict) -> None:
        res = prev["result"]
        q: QuotedSpan = item["q"]
        res.parts.append((q.start, q.end))
        res.items.append(item)
        if res.method == "direct-cue":
            res.method = "direct-joined"
        item["result"] = None
        item["joined"] = True
        prev["after_end"] = item.get("after_end", q.close)
        if res.cue is not None:
            prev["cue_tok"] = res.cue.start

    def colon_lines(self) -> None:
        """ "Sanders: Clinton needs to ..." (headlines) and "WALLACE: If I may ..." (transcripts):
        a short name and a colon opening a line attribute the rest of the line."""
        doc = self.doc
        for m in _NAME_COLON.finditer(self.text):
            name_start, name_end = m.span("name")
            words = m.group("name").split()
            if len(words) > MAX_NAME_COLON_WORDS or m.group("name").upper().strip() in NOT_SPEAKER_LABELS:
                continue
            if not all(w[:1].isupper() for w in words if w.lower() not in ("of", "de", "von", "van", "the")):
                continue
            c_start, c_end = m.span("content")
            a, b = self.tok_at(name_start), self.tok_at(name_end - 1) + 1
            if any(i in self.in_quote for i in range(a, b)):
                continue
            ca, cb = self.tok_at(c_start), self.tok_at(c_end - 1) + 1
            if cb - ca < MIN_INDIRECT_TOKENS + 1 or self.covered_by_direct(ca, cb):
                continue
            colon = self.tok_at(name_end)
            span = doc[a:b]
            kind = "name" if any(t.pos_ == "PROPN" or t.ent_type_ in ACTOR_ENTITIES for t in span) else "role"
            self.results.append(Candidate(type="indirect", parts=[(c_start, c_end)], cue=doc[colon:colon + 1],
                                          speaker=span, kind=kind, method="indirect-headline"))


_NAME_COLON = __import__("re").compile(
    r"^[ \t]*[\"\u201c]?(?P<name>[A-Z][\w.'\u2019\-]*(?:[ \t]+[\w.'\u2019\-]+){0,3}):[ \t]+(?P<content>[^\n]*\S)",
    __import__("re").M)


def _closes_sentence(content: str, after: str) -> bool:
    """True when a quoted passage ends its sentence: a full stop inside or right after the marks."""
    after = after.lstrip(" \t")
    return content.rstrip()[-1:] in (".", "!", "?", "\u2026") or after[:1] in (".", "!", "?", "") \
        or after[:1] == "\n"


def _title_case(text: str) -> bool:
    """Words in Title Case ("All Bets Are Off."): a heading or a title, not a statement. Short
    function words may stay lower case; one- and two-word passages never count."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 3:
        return False
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and all(w[:1].isupper() for w in long_words) and words[0][:1].isupper() \
        and not text.isupper()
