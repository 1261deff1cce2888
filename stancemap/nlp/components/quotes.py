"""The ``stancemap_quotes`` component: direct, indirect and mixed quotes with their cue and the
speaker mention at the cue. Method ``quotes.rules.v1``.

Direct quotes start from the quotation marks (:mod:`stancemap.nlp.marks`). A quoted passage is a
statement when it stands as a clause of its own (bounded by punctuation, a cue or the paragraph)
and something attributes it: a reporting cue in the same sentence ("...," he said; 'he told
reporters that "..."'), a cue ending the previous sentence with a colon (or any clause with a named
subject: "X framed the law as a balanced approach:"), an attribution dash ("..." -- Jane Doe), the quote it continues
(split quotes are joined into one), or the speaker established just before it in the paragraph or
the previous paragraph. A quoted passage in Title Case with no cue of its own ("All Bets Are
Off.") is a heading, not a statement. Quoted fragments inside a clause (scare quotes, titles,
slogans) are not statements; inside a reported clause they make that clause a "mixed" quote.

Indirect quotes come from the dependency parse: a reporting verb with a subject and a content
clause ("X said (that) ..."), inverted order ("..., X said"), verbs whose content is a noun phrase
("Moscow has cited ...", "X argued for ..."), participle clauses of a main clause ("X opposed the
bill, citing ..."), "according to X", noun cues ("X's claim that ..."), "X said in a statement that ...", "X was quoted
as saying ...", "This was stated by X" (content: the previous sentence or paragraph) and
present-tense cues in headlines. A source noun with a named body behind it ("a new analysis from
X found") has that body as its speaker mention. A dateline's place ("SARNHOLM —") is never a speaker
(:mod:`stancemap.nlp.datelines`).

The rules live by concern: :mod:`.direct` (quoted passages), :mod:`.indirect` (the parse),
:mod:`.mentions` (speaker mentions at a cue); each produces :class:`.candidates.Candidate` records,
which this module resolves from context, joins, filters and stores as spans.

Not handled: speakers named only in a following sentence ("..." That was the verdict of X.);
content clauses the parser attaches elsewhere than the cue; quotes whose cue sits inside another
quote; reported questions without a cue verb.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import cues
from ..datelines import dateline_tokens
from ..entities import EntityIndex
from ..extensions import QUOTES_KEY
from ..marks import find_quoted_spans
from .candidates import CONFIDENCE, METHOD, UNREALIZED, _SENT_END, Candidate, _paragraph_pieces, _strip_chars
from .direct import DirectRules
from .indirect import IndirectRules
from .mentions import MentionRules, _is_group, _is_outlet

__all__ = ["METHOD", "UNREALIZED", "Candidate", "quotes_component"]


@Language.component("stancemap_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Find quotes; store them in ``doc.spans["stancemap_quotes"]`` with ``sm_*`` attributes."""
    finder = _QuoteFinder(doc)
    finder.run()
    return doc


class _QuoteFinder(MentionRules, DirectRules, IndirectRules):
    """One document's quote search (state shared by the direct and the indirect passes)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self.dropped: dict[str, int] = {}
        self.results: list[Candidate] = []
        self.claimed_cues: set[int] = set()
        self.in_quote: dict[int, int] = {}  # token index -> quoted passage index
        self.datelines = dateline_tokens(doc)
        self.entities = EntityIndex(doc)
        self.sent_starts = [s.start for s in doc.sents] if doc.has_annotation("DEP") else [0]


    def drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def tok_at(self, char: int) -> int:
        """Index of the token containing (or starting after) character ``char``."""
        return max(0, bisect_right(self.starts, char) - 1)

    def para(self, char: int) -> int:
        """Paragraph (line) number of a character offset."""
        return bisect_right(self.line_starts, char) - 1

    def paragraphs_between(self, a: int, b: int) -> int:
        """How many paragraphs after the one holding character ``a`` reach the one holding ``b``
        (blank lines between paragraphs do not count)."""
        lines = range(self.para(a) + 1, self.para(b) + 1)
        return sum(1 for k in lines if self.text[self.line_starts[k]:self.line_starts[k + 1] if k + 1 < len(
            self.line_starts) else len(self.text)].strip())

    def sent_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def sent_span(self, k: int) -> tuple[int, int]:
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return start, end

    def cue_lemma(self, tok: Token) -> str | None:
        """The reporting lemma of a token, or None if it is not a reporting verb."""
        if tok.i in self.in_quote:
            return None
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            lemma = tok.lemma_.lower()
            if lemma in cues.SPEECH_VERBS or lemma in cues.COGNITION_VERBS or lemma in cues.OBJECT_VERBS:
                return lemma
        if tok.lower_ in cues.HEADLINE_CUES and self.para(tok.idx) == 0:
            low = tok.lower_
            return low[:-3] + "y" if low.endswith("ies") else low[:-1]
        return None


    def run(self) -> None:
        doc = self.doc
        passages, dropped = find_quoted_spans(self.text)
        for reason, n in dropped.items():
            self.dropped[reason] = self.dropped.get(reason, 0) + n
        info = []
        for k, q in enumerate(passages):
            ts = self.tok_at(q.open)
            te = self.tok_at(max(q.close - 1, q.open))
            for i in range(ts, te + 1):
                self.in_quote[i] = k
            info.append({"q": q, "open_tok": ts, "close_tok": te, "k": k})
        self.passages = info
        frees = []
        for item in info:
            if self.is_free(item):
                frees.append(item)
            else:
                item["embedded"] = True
        self.attribute_direct(frees)
        self.colon_lines()
        self.find_indirect()
        self.mark_mixed(info)
        self.store()


    def covered_by_direct(self, start: int, end: int) -> bool:
        """True when a direct quote already covers most of this token range."""
        covered = sum(1 for i in range(start, end) if i in self.in_quote
                      and self.passages[self.in_quote[i]].get("result", 0) is not None
                      and not self.passages[self.in_quote[i]].get("embedded"))
        return covered * 2 > (end - start)


    def resolve_pending(self) -> None:
        """Quotes with no cue of their own take the speaker established just before them."""
        ordered = sorted(self.results, key=lambda r: r.parts[0][0])
        for item in self.passages:
            if not item.get("pending"):
                continue
            q = item["q"]
            best = None
            for res in ordered:
                start = res.parts[0][0]
                if start >= q.open:
                    break
                if self.paragraphs_between(start, q.open) > 1 or res.speaker is None:
                    continue
                if res.kind == "metonym" or _is_group(res.speaker):
                    continue
                best = res
            if best is None:
                self.drop("no cue")
                continue
            self.add_direct(item, cue_span=best.cue, speaker=best.speaker, kind=best.kind,
                            method="direct-context")
            item["result"].context = True

    def mark_mixed(self, info: list[dict]) -> None:
        """Indirect quotes holding a quoted fragment become "mixed"; other fragments are dropped."""
        for res in self.results:
            if res.type != "indirect":
                continue
            start, end = res.parts[0]
            for item in info:
                q = item["q"]
                if item.get("embedded") and start <= q.start and q.end <= end + 1:
                    res.type = "mixed"
                    item["absorbed"] = True
        for item in info:
            if item.get("embedded") and not item.get("absorbed"):
                self.drop("quoted fragment without cue")


    def drop_nested(self) -> None:
        """An attribution inside another quote's content is part of that quote, not a second one
        ("Peskov said X would conflict with Russia's view that Y")."""
        def rng(r: Candidate) -> tuple[int, int]:
            return r.parts[0][0], r.parts[-1][1]

        def inside(res: Candidate, outer: Candidate) -> bool:
            cue = res.cue
            a, b = rng(outer)
            return cue is not None and a <= cue.start_char and cue.end_char <= b and rng(outer) != rng(res)

        # "X welcomed remarks by Y, who told parliament that C": a reported clause with its own
        # speaker inside the object of an object cue is the statement; the object quote goes
        outers = set()
        for res in self.results:
            if res.type == "indirect" and res.method == "indirect-clause":
                for outer in self.results:
                    if outer.method == "indirect-object" and inside(res, outer):
                        outers.add(id(outer))
        # "X described Y as Z, the Guardian reported": an outlet that relays a statement is its
        # channel, not its speaker; the relayed statement stays with its own speaker
        for outer in self.results:
            if outer.type == "direct" or not _is_outlet(outer.speaker):
                continue
            relayed = [res for res in self.results if res is not outer and res.speaker is not None
                       and not _is_outlet(res.speaker) and inside(res, outer)]
            if relayed:
                outers.add(id(outer))
                for res in relayed:
                    res.channel = outer.speaker
        keep = []
        for res in self.results:
            if id(res) in outers:
                self.drop("object quote holding a reported clause")
                continue
            if res.type != "direct" and any(inside(res, outer) for outer in self.results
                                               if id(outer) not in outers):
                self.drop("nested attribution")
                continue
            keep.append(res)
        self.results = keep

    def relay_tails(self) -> None:
        """ "..., the Guardian reported." closing a sentence: the outlet is the channel of the
        statements of that sentence, and its own cue is no quote."""
        doc = self.doc
        for verb in doc:
            if verb.i in self.in_quote or self.cue_lemma(verb) not in cues.SPEECH_VERBS:
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.i > verb.i:
                continue
            mention, _ = self.mention_span(subj)
            if not _is_outlet(mention):
                continue
            lo = subj.left_edge.i
            hi = max([verb.i] + [c.right_edge.i for c in verb.rights if c.dep_ not in ("punct", "ccomp")
                                 and c.i < verb.i + 6])
            if lo < 1 or doc[lo - 1].text != "," or (hi + 1 < len(doc) and doc[hi + 1].text not in _SENT_END
                                                      and "\n" not in doc[hi + 1].text):
                continue
            comma = doc[lo - 1].idx
            sent_start = doc[self.sent_starts[self.sent_of(verb.i)]].idx
            keep = []
            for res in self.results:
                cue = res.cue
                if cue is not None and cue.start <= verb.i < cue.end:
                    self.drop("relaying outlet")
                    continue
                a, b = res.parts[0][0], res.parts[-1][1]
                if sent_start <= b and a < comma and (b >= comma or not self.text[b:comma].strip(" ,\u201d\"'")):
                    last = res.parts[-1]
                    res.parts = res.parts[:-1] + [(last[0], min(last[1], comma))]
                    res.channel = mention
                keep.append(res)
            self.results = keep

    def store(self) -> None:
        doc = self.doc
        spans = []
        seen = set()
        self.relay_tails()
        self.drop_nested()
        for res in sorted(self.results, key=lambda r: r.parts[0][0]):
            if res.type == "direct":
                pieces = _paragraph_pieces(self.text, res.parts)
                if len(pieces) > 1:
                    # one entry per paragraph of a multi-paragraph quote; the paragraphs after the
                    # first continue the speaker's quote with no cue of their own
                    for n, piece in enumerate(pieces):
                        self._store_span(spans, seen, res if n == 0 else replace(res, cue=None,
                                                                               method="direct-continued"), piece)
                    continue
            self._store_span(spans, seen, res, res.parts)
        doc.spans[QUOTES_KEY] = spans
        doc._.sm_dropped = dict(self.dropped)

    def _store_span(self, spans: list[Span], seen: set[tuple[int, int]], res: Candidate,
                    char_parts: list[tuple[int, int]]) -> None:
        doc = self.doc
        parts = [_strip_chars(self.text, a, b) for a, b in char_parts]
        parts = [(a, b) for a, b in parts if b > a]
        if not parts:
            return
        start, end = parts[0][0], parts[-1][1]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or (span.start, span.end) in seen:
            return
        seen.add((span.start, span.end))
        span._.sm_type = res.type
        span._.sm_cue = res.cue
        span._.sm_speaker = res.speaker
        span._.sm_kind = res.kind
        span._.sm_parts = tuple(parts)
        span._.sm_confidence = CONFIDENCE.get(res.method, 0.5) * (0.9 if res.kind == "pronoun" else 1.0)
        span._.sm_method = METHOD
        span._.sm_channel = res.channel
        span._.sm_date_phrase = None
        span.label_ = res.method
        spans.append(span)
