"""The ``stancemap_quotes`` component: direct, indirect and mixed quotes with their cue and the
speaker mention at the cue. Method ``quotes.rules.v1``.

Direct quotes start from the quotation marks (:mod:`stancemap.nlp.marks`). A quoted passage is a
statement when it stands as a clause of its own (bounded by punctuation, a cue or the paragraph)
and something attributes it: a reporting cue in the same sentence ("...," he said), a cue ending
the previous sentence with a colon, an attribution dash ("..." -- Jane Doe), the quote it continues
(split quotes are joined into one), or the speaker established just before it in the paragraph or
the previous paragraph. A quoted passage in Title Case with no cue of its own ("All Bets Are
Off.") is a heading, not a statement. Quoted fragments inside a clause (scare quotes, titles,
slogans) are not statements; inside a reported clause they make that clause a "mixed" quote.

Indirect quotes come from the dependency parse: a reporting verb with a subject and a content
clause ("X said (that) ..."), inverted order ("..., X said"), verbs whose content is a noun phrase
("Moscow has cited ..."), "according to X", noun cues ("X's claim that ..."), "X said in a statement that ...", "X was quoted
as saying ...", "This was stated by X" (content: the previous sentence or paragraph) and
present-tense cues in headlines. A dateline's place ("SARNHOLM —") is never a speaker
(:mod:`stancemap.nlp.datelines`).

Not handled: speakers named only in a following sentence ("..." That was the verdict of X.);
content clauses the parser attaches elsewhere than the cue; quotes whose cue sits inside another
quote; reported questions without a cue verb.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import cues
from ..extensions import QUOTES_KEY
from ...actors.keys import country_for
from ..datelines import dateline_tokens
from ..marks import QuotedSpan, find_quoted_spans

METHOD = "quotes.rules.v1"
# Label of a candidate whose cue reports no statement ("did not disclose", "to report"): kept
# until speakers are resolved (its speaker is an antecedent), then dropped.
UNREALIZED = "unrealized"

# How far (tokens) to look from a quote's marks for its cue, at most. Longest cue clause in the
# seed articles is 12 tokens ("Zelensky said at the Brussels press conference").
MAX_CUE_REGION = 40
# Confidence per way of attribution: hand-set ranks (explicit cue > continuation > context),
# checked against precision per method on the seed articles and the PolNeAR dev split.
CONFIDENCE = {
    "direct-cue": 0.95, "direct-dash": 0.9, "direct-colon": 0.9, "direct-joined": 0.95,
    "direct-continued": 0.8, "direct-context": 0.65, "indirect-clause": 0.8,
    "indirect-according": 0.8, "indirect-object": 0.6, "indirect-noun": 0.6,
    "indirect-backward": 0.7, "indirect-headline": 0.7, "indirect-cognition": 0.5,
}
# Longest name before a line-opening colon ("Rush Limbaugh: ..."), in words; and labels that are
# not speakers. From the headline and transcript styles of the PolNeAR training split.
MAX_NAME_COLON_WORDS = 4
NOT_SPEAKER_LABELS = frozenset({"UPDATE", "NOTE", "EDITOR'S NOTE", "EDITOR\u2019S NOTE", "WATCH", "READ", "RELATED",
                                "PHOTO", "PHOTOS", "VIDEO", "SOURCE", "CREDIT", "CORRECTION", "CLARIFICATION",
                                "SEE ALSO", "READ MORE", "ALSO", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION",
                                "SUBSCRIBE", "SHARE", "TAGS", "FILE", "UPDATED", "POSTED", "PUBLISHED"})
# Fewest content tokens for an indirect quote (shorter clauses are mostly "X said so").
MIN_INDIRECT_TOKENS = 2
# Pronouns that can be a speaker.
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "which", "that"})
# Entity types that never speak; entity types of speakers.
NON_ACTOR_ENTITIES = frozenset({"LAW", "WORK_OF_ART", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                                "CARDINAL", "ORDINAL", "EVENT", "PRODUCT", "LANGUAGE", "LOC"})
ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_SENT_END = frozenset({".", "!", "?"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents kept with a speaker noun as its mention ("An official from Bucharest").
_MENTION_LEFT_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "nummod", "case", "punct",
                                "quantmod", "advmod"})
# Verbs whose first object is the addressee, not the content ("told lawmakers ...").
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "urge", "ask", "advise", "brief"})
# Object cues whose bare noun-phrase object is a reaction to something, not what was said.
_REACTION_VERBS = frozenset({"welcome", "reject", "dismiss"})
_MENTION_PREPS = frozenset({"of", "from", "for", "at", "with", "on", "to"})


@Language.component("stancemap_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Find quotes; store them in ``doc.spans["stancemap_quotes"]`` with ``sm_*`` attributes."""
    finder = _QuoteFinder(doc)
    finder.run()
    return doc


class _QuoteFinder:
    """One document's quote search (state shared by the direct and the indirect passes)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self.dropped: dict[str, int] = {}
        self.results: list[dict] = []
        self.claimed_cues: set[int] = set()
        self.in_quote: dict[int, int] = {}  # token index -> quoted passage index
        self.datelines = dateline_tokens(doc)
        self.sent_starts = [s.start for s in doc.sents] if doc.has_annotation("DEP") else [0]

    # ---- helpers -------------------------------------------------------------------------
    def drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def tok_at(self, char: int) -> int:
        """Index of the token containing (or starting after) character ``char``."""
        return max(0, bisect_right(self.starts, char) - 1)

    def para(self, char: int) -> int:
        """Paragraph (line) number of a character offset."""
        return bisect_right(self.line_starts, char) - 1

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

    # ---- speaker mentions ----------------------------------------------------------------
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
        for e in span.ents:
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
        if head.pos_ == "PROPN":
            # a name the NER missed: the run of proper nouns around the head
            s = head.i
            while s > left and doc[s - 1].pos_ == "PROPN":
                s -= 1
            return doc[s:head.i + 1], "name"
        for e in span.ents:
            if e.label_ in ("GPE", "ORG", "NORP", "LOC"):
                return span, "metonym"
        if any(country_for(t.text) for t in span if t.is_title):
            return span, "metonym"
        return span, "role"

    # ---- direct quotes -------------------------------------------------------------------
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
        """A speech verb ("said"), or the addressee right after one ("told reporters")."""
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
                    self.add_direct(item, cue_span=res["cue"], speaker=res["speaker"], kind=res["kind"],
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
        return None

    def add_direct(self, item: dict, *, cue_span: Span | None, speaker: Span | None, kind: str | None,
                   method: str) -> None:
        q: QuotedSpan = item["q"]
        item["result"] = {
            "type": "direct", "parts": [(q.start, q.end)], "cue": cue_span, "speaker": speaker,
            "kind": kind, "method": method, "items": [item],
        }
        if cue_span is not None and cue_span.label_ != "context":
            self.claimed_cues.update(range(cue_span.start, cue_span.end))
        self.results.append(item["result"])

    def join(self, prev: dict, item: dict) -> None:
        res = prev["result"]
        q: QuotedSpan = item["q"]
        res["parts"].append((q.start, q.end))
        res["items"].append(item)
        if res["method"] == "direct-cue":
            res["method"] = "direct-joined"
        item["result"] = None
        item["joined"] = True
        prev["after_end"] = item.get("after_end", q.close)
        if res.get("cue") is not None:
            prev["cue_tok"] = res["cue"].start

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
            self.results.append({
                "type": "indirect", "parts": [(c_start, c_end)], "cue": doc[colon:colon + 1],
                "speaker": span, "kind": kind, "method": "indirect-headline", "items": [],
            })

    # ---- indirect quotes -----------------------------------------------------------------
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
            if content is not None and not any(t.tag_ in ("MD", "VBD", "VBZ", "VBP") and t.i not in self.in_quote
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
        head = self.speaker_head(verb, inherit_any=is_speech or verb.dep_ == "conj")
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

    def covered_by_direct(self, start: int, end: int) -> bool:
        """True when a direct quote already covers most of this token range."""
        covered = sum(1 for i in range(start, end) if i in self.in_quote
                      and self.passages[self.in_quote[i]].get("result", 0) is not None
                      and not self.passages[self.in_quote[i]].get("embedded"))
        return covered * 2 > (end - start)

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
        self.results.append({
            "type": "indirect", "parts": [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in parts],
            "cue": cue_span, "speaker": speaker, "kind": kind, "method": method, "items": [],
            "tokens": (start, end),
        })

    # ---- context and mixed -----------------------------------------------------------------
    def resolve_pending(self) -> None:
        """Quotes with no cue of their own take the speaker established just before them."""
        ordered = sorted(self.results, key=lambda r: r["parts"][0][0])
        for item in self.passages:
            if not item.get("pending"):
                continue
            q = item["q"]
            para = self.para(q.open)
            best = None
            for res in ordered:
                start = res["parts"][0][0]
                if start >= q.open:
                    break
                if para - self.para(start) > 1 or res.get("speaker") is None:
                    continue
                if res["kind"] == "metonym" or _is_group(res["speaker"]):
                    continue
                best = res
            if best is None:
                self.drop("no cue")
                continue
            self.add_direct(item, cue_span=best["cue"], speaker=best["speaker"], kind=best["kind"],
                            method="direct-context")
            item["result"]["context"] = True

    def mark_mixed(self, info: list[dict]) -> None:
        """Indirect quotes holding a quoted fragment become "mixed"; other fragments are dropped."""
        for res in self.results:
            if res["type"] != "indirect":
                continue
            start, end = res["parts"][0]
            for item in info:
                q = item["q"]
                if item.get("embedded") and start <= q.start and q.end <= end + 1:
                    res["type"] = "mixed"
                    item["absorbed"] = True
        for item in info:
            if item.get("embedded") and not item.get("absorbed"):
                self.drop("quoted fragment without cue")

    # ---- output --------------------------------------------------------------------------
    def drop_nested(self) -> None:
        """An attribution inside another quote's content is part of that quote, not a second one
        ("Peskov said X would conflict with Russia's view that Y")."""
        def rng(r: dict) -> tuple[int, int]:
            return r["parts"][0][0], r["parts"][-1][1]

        def inside(res: dict, outer: dict) -> bool:
            cue = res.get("cue")
            a, b = rng(outer)
            return cue is not None and a <= cue.start_char and cue.end_char <= b and rng(outer) != rng(res)

        # "X welcomed remarks by Y, who told parliament that C": a reported clause with its own
        # speaker inside the object of an object cue is the statement; the object quote goes
        outers = set()
        for res in self.results:
            if res["type"] == "indirect" and res.get("method") == "indirect-clause":
                for outer in self.results:
                    if outer.get("method") == "indirect-object" and inside(res, outer):
                        outers.add(id(outer))
        # "X described Y as Z, the Guardian reported": an outlet that relays a statement is its
        # channel, not its speaker; the relayed statement stays with its own speaker
        for outer in self.results:
            if outer["type"] == "direct" or not _is_outlet(outer.get("speaker")):
                continue
            relayed = [res for res in self.results if res is not outer and res.get("speaker") is not None
                       and not _is_outlet(res["speaker"]) and inside(res, outer)]
            if relayed:
                outers.add(id(outer))
                for res in relayed:
                    res["channel"] = outer["speaker"]
        keep = []
        for res in self.results:
            if id(res) in outers:
                self.drop("object quote holding a reported clause")
                continue
            if res["type"] != "direct" and any(inside(res, outer) for outer in self.results
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
                cue = res.get("cue")
                if cue is not None and cue.start <= verb.i < cue.end:
                    self.drop("relaying outlet")
                    continue
                a, b = res["parts"][0][0], res["parts"][-1][1]
                if sent_start <= b and a < comma and (b >= comma or not self.text[b:comma].strip(" ,\u201d\"'")):
                    last = res["parts"][-1]
                    res["parts"] = res["parts"][:-1] + [(last[0], min(last[1], comma))]
                    res["channel"] = mention
                keep.append(res)
            self.results = keep

    def store(self) -> None:
        doc = self.doc
        spans = []
        seen = set()
        self.relay_tails()
        self.drop_nested()
        for res in sorted(self.results, key=lambda r: r["parts"][0][0]):
            if res["type"] == "direct":
                pieces = _paragraph_pieces(self.text, res["parts"])
                if len(pieces) > 1:
                    # one entry per paragraph of a multi-paragraph quote; the paragraphs after the
                    # first continue the speaker's quote with no cue of their own
                    for n, piece in enumerate(pieces):
                        self._store_span(spans, seen, res if n == 0 else {**res, "cue": None,
                                                                          "method": "direct-continued"}, piece)
                    continue
            self._store_span(spans, seen, res, res["parts"])
        doc.spans[QUOTES_KEY] = spans
        doc._.sm_dropped = dict(self.dropped)

    def _store_span(self, spans: list[Span], seen: set[tuple[int, int]], res: dict,
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
        span._.sm_type = res["type"]
        span._.sm_cue = res["cue"]
        span._.sm_speaker = res["speaker"]
        span._.sm_kind = res["kind"]
        span._.sm_parts = tuple(parts)
        span._.sm_confidence = CONFIDENCE.get(res["method"], 0.5) * (0.9 if res["kind"] == "pronoun" else 1.0)
        span._.sm_method = METHOD
        span._.sm_channel = res.get("channel")
        span._.sm_date_phrase = None
        span.label_ = res["method"]
        spans.append(span)


# ---- module helpers ---------------------------------------------------------------------------
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


def _unrealized(verb: Token) -> bool:
    """A cue that reports no statement: negated ("did not disclose", "hasn't said") or an
    infinitive of an obligation or plan ("requires companies to report incidents")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ in ("xcomp", "acl", "advcl") \
        and verb.head.lemma_.lower() in _UNREALIZING_HEADS \
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


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


# Verbs (and nouns) of obligation, permission, intent and refusal whose infinitive complement
# is not (yet) said: "requires companies to report", "plans to announce", "declined to comment".
# General English; "appeared to suggest", "went on to say" stay statements.
_UNREALIZING_HEADS = frozenset("""require force need compel oblige mandate order plan want intend expect
hope aim seek try allow permit enable encourage ask urge refuse decline fail obligation requirement
duty plan""".split())
_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "\u02bcs", "'", "\u2019", "\u02bc"})
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


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading "that"/punctuation and trailing punctuation from a token range."""
    while start < end and (doc[start].is_space or doc[start].lower_ in ("that", ",", ";", ":", "\u2014", "\u2013", "-", "--")
                           or (doc[start].dep_ == "mark" and doc[start].lower_ in ("that",))):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in (",", ";", ":", ".", "\u2014", "\u2013", "-", "--")
                           or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _paragraph_pieces(text: str, parts: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Character parts of a quote grouped by paragraph: a part that runs over a line break is cut
    there, and the opening mark repeated on the next paragraph is left out."""
    pieces: list[list[tuple[int, int]]] = [[]]
    for a, b in parts:
        while True:
            nl = text.find("\n", a, b)
            if nl < 0:
                pieces[-1].append((a, b))
                break
            pieces[-1].append((a, nl))
            pieces.append([])
            a = nl + 1
            while a < b and (text[a].isspace() or text[a] in _REPEATED_OPENERS):
                a += 1
    return [p for p in pieces if any(y > x for x, y in p)]


_REPEATED_OPENERS = frozenset('"\u201c\u201d\u201e\u00ab\u2039\'')


def _strip_chars(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces and a trailing comma from a character range."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b
