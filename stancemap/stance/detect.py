"""Find who supports or opposes which codebook proposition, with the sentence that shows it.

Method ``stance.rules.v2``: transparent rules over the dependency parse, no trained stance model.

1. Each proposition gets a *profile* (:func:`build_profile`): the content words of its statement,
   its ``keywords`` and examples, stemmed (other words for the same target are the analyst's to
   give as keywords: there are no built-in synonyms); capitalised names in the statement
   ("Ukraine", "NATO", "the EU") are *anchors*, which add to a match but cannot make one; words the
   statement excludes ("... *without* NATO membership") match only when the sentence excludes them
   too. Proposition ids and words never appear in the code: everything comes from the codebook.
   A one-word keyword that only one proposition lists names that proposition at full weight, even
   when another statement uses the word too.
2. In each sentence, every target token (a profile word) goes to the proposition it fits best. A
   definite "the project", "the deal", "the law" (or "it") that an attitude governs, or that "call X
   Y" or an evaluative predicate describes, stands for the article's running topic: the proposition
   about an action that recent sentences have named clearly more often than any other.
3. Polarity is read on the dependency path from the target token up to its clause root and on the
   "ribs" of that path (negations, copular complements, modifiers): negations flip it, attitude
   words (oppose, support, want, plan, opposition, request ...) and evaluations (unacceptable,
   unrealistic, "on the table" ...) set it (vocabulary: :mod:`.lexicon`); hedges ("whether", "a
   topic for discussion") and conditions ("if ...") cancel it. A statement whose own predicate is
   negated ("X should not join") flips the result. The scope rules are named in
   :data:`.scope.RULES` (each with its table test and its measured effect, bench/ablate_rules.py):
   "X, not Y" negates Y only; "did not oppose it because ..." denies the reason; a target in a
   circumstance ("before the vote") takes no position; "oppose X unless Y" is a conditional
   position on X and a demand for Y; "..., provided X" is a condition like "if"; "would not
   support X if Y fell below N" is a demand that Y stays at or above N; a clause describing a
   named actor ("Vale, who has campaigned against X, said ...") gives way to the sentence's own
   statement. A clause whose subject is the target asserts the position only through a copula,
   an obligation modal or a predicate that names the content; a clause that says who decides ("X
   should not be decided by ministers") takes no position on X.
4. Holders (:mod:`.holders`; actor mentions from the actors stage first): an attitude word's subject or possessor (with conjuncts: "A, B and C oppose ..."); for
   evaluations and bare assertions ("Ukraine cannot be a member"), the quote's speaker or the
   subject of the reporting verb ("Waltz said ..."). When someone other than the holder reports the
   position, they become the ``reporter``; a leader reporting their own group's position ("Homeland
   Front leader Krenz said the Homeland Front ... supported X") holds it too. A person pronoun in a
   reported clause is the reporter ("Krenz said his party ..."); a role with a name in apposition
   is the named person (also when the parse hangs the name on the group: "the leader of the
   Homeland Front, Bartol Krenz"); "her organisation" is the group the speaker is described by
   ("director of the group Coastwatch Velmora") before the last group named; a name the actors
   stage missed holds its position under the name as written (or the known organisation it
   abbreviates, or the one organisation whose name ends with it: a headline's "Industry Council").
5. Endorsements: "X welcomed Y's remarks" gives X the positions the article has already given Y.

Limits: apart from endorsements it reads one sentence at a time (a position argued over two
sentences, a reaction such as "she was relieved" to an event described before, or one that needs
world knowledge such as "cited X as a reason for the invasion", is missed), and a pronoun holder is
resolved through actor mentions of kind "pronoun" or the nearest preceding actor of a fitting type.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stancemap.model import Actor, CleanArticle, Codebook, Quote, Stance, content_id

from .holders import HolderResolver, _name_key
from .lexicon import (
    ACCEPTANCE_VERBS, ATTITUDES, DEONTIC_MODALS, ENDORSE_VERBS, EVALUATIONS, HEDGES,
    IMPLICIT_TARGETS, NEGATORS, PHRASES, REMARK_NOUNS, REPORTING_VERBS, STOPWORDS,
    _AFFIRMED_WHEN_NEGATED, _CIRCUMSTANCE_PREPS, _CLAUSE_DEPS, _CORE_DEPS, _DEFINITE, _FIRST_PERSON,
    _HOLDER_LABELS, _MODIFIER_DEPS, _OBLIGATION_MODALS, _PROCEDURE_VERBS, _SUBJECT_DEPS, _in_set,
    _lex
)
from .scope import (
    _condition_word, _conditional, _excluded_in_sentence, _in_description, _negated_reason, _threshold,
    active
)
from .syntax import (
    _holder_tokens, _phrase_at, _phrase_indices, _reporting_subject, _span_text, _subject,
    _subject_of
)
from .targets import Profile, _stem, build_profiles

log = logging.getLogger(__name__)

METHOD = "stance.rules.v2"  # v2: no concept groups or entries grown from one text

# --- Tuning constants -----------------------------------------------------------------------------
# Tuned by hand on the five seed articles (shared/seeds, oracle actors and quotes, stance F1) and
# checked on hand-written sentences of two other debates (tests/stance/test_detect.py).

# A proposition needs at least this much matched target weight in a sentence (a statement word no
# other proposition has weighs 1.0; one that two of five propositions share, about 0.6).
MIN_TARGET_SCORE = 0.8
# ... or this much when a target word is the direct object of an attitude word ("X opposed the
# pipeline": a shared statement word is enough when the attitude governs it directly).
MIN_OBJECT_SCORE = 0.55
# Weight of an anchor (a name in the statement: "Ukraine", "the EU") found in the sentence.
ANCHOR_WEIGHT = 0.3
# Nearest-example vote: token-overlap (Jaccard on stems) an example must reach to decide polarity
# when the rules find no cue.
EXAMPLE_MIN_SIMILARITY = 0.3
# A target word lighter than this (a word only an example sentence has) counts towards finding the
# proposition in a sentence but is not read for a position on its own.
MIN_READ_WEIGHT = 0.45
# A sentence that contains most of an example's words (coverage of the example's stems, for an
# example of at least EXAMPLE_STRONG_MIN_WORDS words) restates it: the example's label wins over
# the rules' reading of the speaker's own words.
EXAMPLE_STRONG_COVERAGE = 0.75
EXAMPLE_STRONG_MIN_WORDS = 3
# Confidence by the kind of evidence (then +CUE_BONUS per extra cue, x HEDGE_FACTOR if hedged).
CONFIDENCE = {"attitude": 0.8, "evaluation": 0.7, "assertion": 0.6, "example": 0.5}
CUE_BONUS = 0.05
QUOTE_BONUS = 0.05
HEDGE_FACTOR = 0.85
MAX_CONFIDENCE = 0.95
# How many tokens after a target the fallback looks for an evaluation the parse did not attach.
WINDOW = 6

# --- Lexicons -------------------------------------------------------------------------------------
# Written by hand from general English stance vocabulary (the verbs, nouns and adjectives of support,
# opposition and evaluation common in political reporting), then pruned of words that misfired on
# the seed articles (e.g. "stop" in "put a stop to", "offer" as a verb). Keep them general: nothing
# here names a particular debate. Keys are lemmas (lower case); "lemma/POS" keys
# apply to that coarse part of speech only.

# How much of a proposition's weight in the article's running topic (one per sentence that
# names it) survives each sentence ...
TOPIC_DECAY = 0.9
# ... and how far the leading proposition must lead the next one to count as the topic.
TOPIC_DOMINANCE = 1.5


# --- Proposition profiles -------------------------------------------------------------------------


# --- Detection ------------------------------------------------------------------------------------


@dataclass
class _Found:
    actor: str
    actor_id: str
    proposition: str
    polarity: str
    sent: object
    confidence: float
    quote: Quote | None
    reporter: str | None


def detect_stances(
    doc,
    article: CleanArticle,
    actors: Sequence[Actor],
    quotes: Sequence[Quote],
    codebook: Codebook,
) -> tuple[Stance, ...]:
    """Stances of the article's actors on the codebook's propositions, one per
    (actor, proposition, polarity), each with its best evidence sentence."""
    entity_words = {
        word.lower()
        for ent in doc.ents
        if ent.label_ in _HOLDER_LABELS | {"LOC", "FAC"}
        for word in ent.text.split()
        if word[:1].isupper()
    }
    # names the parser tags but the entity recogniser missed ("Velmora should ..." opens the
    # statement, so the codebook alone does not show it is a name); never a word the article
    # also writes in lower case ("Pipeline" in a title-case headline)
    lower_words: set[str] = set()
    proper: set[str] = set()
    for t in doc:
        text = t.text
        if text.islower():
            lower_words.add(text)
        elif t.pos_ == "PROPN" and text.istitle() and not t.is_sent_start:
            proper.add(t.lower_)
    entity_words |= proper - lower_words
    profiles = build_profiles(codebook, entity_words)
    if not profiles:
        return ()
    ctx = _Context(doc, article, actors, quotes, profiles)
    best: dict[tuple[str, str, str], _Found] = {}
    for sent in _sentences(doc):
        for found in [*ctx.sentence_stances(sent), *ctx.endorsements(sent, best.values())]:
            key = (found.actor_id, found.proposition, found.polarity)
            if key not in best or found.confidence > best[key].confidence:
                best[key] = found
    stances = []
    for found in sorted(best.values(), key=lambda f: (f.sent.start_char, f.actor, f.proposition)):
        start, end, evidence = _sentence_span(article.text, found.sent)
        quote = found.quote
        stances.append(
            Stance(
                id=content_id(article.id, found.actor_id, found.proposition, found.polarity, start),
                article_id=article.id,
                actor=found.actor,
                actor_id=found.actor_id,
                proposition=found.proposition,
                polarity=found.polarity,
                evidence=evidence,
                evidence_start=start,
                evidence_end=end,
                quote_id=quote.id if quote is not None else None,
                reporter=found.reporter,
                date=(quote.date if quote is not None and quote.date else article.published),
                confidence=round(found.confidence, 3),
                method=METHOD,
            )
        )
    return tuple(stances)


def _window_cue(target) -> _Cue | None:
    """An evaluation shortly after the target in the same clause ("X would be 'unacceptable'"),
    for when the parse does not attach it to the target's path."""
    negated = False
    doc = target.doc
    for token in doc[target.i + 1 : min(len(doc), target.i + 1 + WINDOW)]:
        if token.pos_ in ("CCONJ", "SCONJ") or (token.is_punct and token.text not in "\"“”'‘’"):
            break
        if token.dep_ == "neg" or token.lower_ in NEGATORS:
            negated = not negated
            continue
        value = _lex(EVALUATIONS, token)
        if value and token.pos_ in ("ADJ", "NOUN"):
            return _Cue(-value if negated else value, "evaluation", token)
    return None


def _can_be_target(token) -> bool:
    """Names, reporting verbs and stance words are never the target itself."""
    if token.is_punct or token.ent_type_ in _HOLDER_LABELS:
        return False
    if token.pos_ == "VERB" and _in_set(REPORTING_VERBS, token):
        return False
    return True


def _sentences(doc) -> Iterable:
    """The doc's sentences, also split at line breaks (a headline, a caption, a paragraph never
    runs into the next one)."""
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text:
                if any(t.is_alpha for t in doc[start : token.i]):
                    yield doc[start : token.i]
                start = token.i + 1
        if start < sent.end and any(t.is_alpha for t in doc[start : sent.end]):
            yield doc[start : sent.end]


def _sentence_span(text: str, sent) -> tuple[int, int, str]:
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, text[start:end]


@dataclass
class _Cue:
    polarity: int
    kind: str  # attitude | evaluation
    token: object


class _Context(HolderResolver):
    """One article's lookups: actor mentions by offset, quotes by offset, profiles."""

    def __init__(self, doc, article, actors, quotes, profiles):
        self.doc = doc
        self.article = article
        self.actors = list(actors)
        self.quotes = [q for q in quotes if q.end > q.start]
        self.profiles = profiles
        self.factual = {p.id for p in profiles if p.factual}
        self.topic_weight: dict[str, float] = {}
        self._described: dict[str, str] = {}
        self.mentions = sorted(
            ((m.start, m.end, m.kind, actor) for actor in self.actors for m in actor.mentions),
            key=lambda x: x[0],
        )
        self.by_name: dict[str, Actor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                self.by_name.setdefault(_name_key(form), actor)
        # Anchor names: each profile anchor widened to the aliases of the actor it names.
        self.anchor_forms: dict[str, set[str]] = {}
        for profile in profiles:
            forms = set(profile.anchors)
            for anchor in profile.anchors:
                actor = self.by_name.get(anchor)
                if actor is not None:
                    forms.update(_name_key(a) for a in (actor.name, *actor.aliases))
            self.anchor_forms[profile.id] = {f for f in forms if f}

    # -- targets --

    def _targets(self, sent) -> dict[str, list[tuple[object, float]]]:
        """Target tokens of each proposition in ``sent`` (each token to its best proposition)."""
        stems = [_stem(t.text) for t in sent]
        lemmas = [_stem(t.lemma_) for t in sent]
        claims: dict[int, tuple[float, str]] = {}
        scores: dict[str, float] = {}
        sent_text = " " + " ".join(t.lower_ for t in sent) + " "
        # Phrase keys per token (numbers kept verbatim), indexed by value, computed once.
        nums = [t.like_num for t in sent]
        keys_l = [sent[i].text if nums[i] else lemmas[i] for i in range(len(lemmas))]
        keys_s = [sent[i].text if nums[i] else stems[i] for i in range(len(stems))]
        starts_l: dict[str, set[int]] = {}
        starts_s: dict[str, set[int]] = {}
        for i, (kl, ks) in enumerate(zip(keys_l, keys_s)):
            starts_l.setdefault(kl, set()).add(i)
            starts_s.setdefault(ks, set()).add(i)
        candidates = [i for i, token in enumerate(sent) if _can_be_target(token)]
        for profile in self.profiles:
            score = 0.0
            hits: dict[int, float] = {}
            for i in candidates:
                token = sent[i]
                weight = max(profile.terms.get(stems[i], 0.0), profile.terms.get(lemmas[i], 0.0))
                excl = max(profile.excluded.get(stems[i], 0.0), profile.excluded.get(lemmas[i], 0.0))
                if excl and _excluded_in_sentence(token):
                    weight = max(weight, excl)
                elif excl and not weight:
                    continue
                if weight:
                    hits[i] = weight
            for phrase, weight in profile.phrases.items():
                n = len(phrase)
                for i in starts_l.get(phrase[0], set()) | starts_s.get(phrase[0], set()):
                    if i + n > len(keys_l):
                        continue
                    if (tuple(keys_l[i:i + n]) == phrase or tuple(keys_s[i:i + n]) == phrase):
                        hits[i] = max(hits.get(i, 0.0), weight)
            if not hits:
                continue
            # distinct words count once
            seen: dict[str, float] = {}
            for i, weight in hits.items():
                seen[stems[i]] = max(seen.get(stems[i], 0.0), weight)
            score = sum(seen.values())
            if score < MIN_TARGET_SCORE and not (
                score >= MIN_OBJECT_SCORE and any(_attitude_object(sent[i]) for i in hits)
            ):
                continue
            anchors = sum(1 for form in self.anchor_forms[profile.id] if f" {form} " in sent_text)
            score += ANCHOR_WEIGHT * min(anchors, 2)
            scores[profile.id] = score
            for i, weight in hits.items():
                key = (weight, score)
                if i not in claims or key > (claims[i][0], scores[claims[i][1]]):
                    claims[i] = (weight, profile.id)
        targets: dict[str, list[tuple[object, float]]] = {}
        for i, (weight, pid) in claims.items():
            targets.setdefault(pid, []).append((sent[i], weight))
        topic = self.topic()
        if topic is not None and topic not in targets:
            for i, token in enumerate(sent):
                if i not in claims and _implicit_target(token):
                    targets.setdefault(topic, []).append((token, 1.0))
        for pid in self.topic_weight:
            self.topic_weight[pid] *= TOPIC_DECAY
        for pid in scores:
            self.topic_weight[pid] = self.topic_weight.get(pid, 0.0) + 1.0
        return targets

    def topic(self) -> str | None:
        """The proposition the article has been discussing (recent sentences weigh most), which
        "the project", "the deal" refer to; only a proposition about an action qualifies."""
        ranked = sorted(((w, pid) for pid, w in self.topic_weight.items() if pid not in self.factual),
                        reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] < TOPIC_DOMINANCE * ranked[1][0]):
            return None  # no clear topic: "the project" could be any of them
        return ranked[0][1]

    # -- one sentence --

    def sentence_stances(self, sent) -> list[_Found]:
        if sent.text.strip().endswith("?"):
            return []
        targets = self._targets(sent)
        self._claims = {t.i: pid for pid, tokens in targets.items() for t, _w in tokens}
        found: list[_Found] = []
        for profile in self.profiles:
            tokens = targets.get(profile.id)
            if not tokens:
                continue
            indices = {t.i for t, _w in tokens}
            # Conflicting readings of one sentence for one holder: the reading of the heavier
            # target wins (the proposition's own word over a word borrowed from an example), then
            # the more confident one.
            # A reading from a clause that describes a named actor ("Vale, who has campaigned
            # against X, said ...") gives way to one from the sentence's own statement.
            by_actor: dict[str, tuple[tuple, _Found]] = {}
            for token, weight in sorted(tokens, key=lambda tw: -tw[1]):
                if weight < MIN_READ_WEIGHT:
                    continue
                rank = (not _in_description(token), round(weight, 3))
                for item in self._read_target(token, sent, profile, indices):
                    other = by_actor.get(item.actor_id)
                    if other is None or (*rank, item.confidence) > (*other[0], other[1].confidence):
                        by_actor[item.actor_id] = (rank, item)
            found.extend(item for _w, item in by_actor.values())
        return found

    def endorsements(self, sent, earlier: Iterable[_Found]) -> list[_Found]:
        """"X welcomed Y's remarks": X takes the positions the article has already given Y, in
        this sentence (an endorsement of someone's words, never a rejection, which may dispute
        only part of them)."""
        earlier = [f for f in earlier if f.sent.start < sent.start]
        if not earlier or sent.text.strip().endswith("?"):
            return []
        out: list[_Found] = []
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in ENDORSE_VERBS \
                    or any(c.dep_ == "neg" for c in verb.children) or _conditional(verb):
                continue
            for obj in verb.children:
                if obj.dep_ != "dobj" or obj.lemma_.lower() not in REMARK_NOUNS:
                    continue
                authors = [c for c in obj.children if c.dep_ == "poss"] + [
                    g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("by", "of", "from")
                    for g in c.children if g.dep_ == "pobj"]
                quote = self._quote_at(verb.idx)
                sources = {r[1] for r in (self._resolve(a, quote) for a in authors) if r is not None}
                if not sources:
                    continue
                holders, _light = self._holders(verb, sent, quote)
                for holder in holders:
                    if holder[1] in sources:
                        continue
                    for item in earlier:
                        if item.actor_id in sources:
                            out.append(_Found(holder[0], holder[1], item.proposition, item.polarity, sent,
                                              CONFIDENCE["example"], quote, None))
        return out

    def _read_target(self, target, sent, profile: Profile, indices: set[int]) -> list[_Found]:
        """Climb from ``target`` to the sentence root, reading polarity and holders on the way."""
        quote = self._quote_at(target.idx)
        in_span = range(sent.start, sent.end)
        excluded = _excluded_in_sentence(target) and _stem(target.text) in profile.excluded
        sign = -1 if excluded else 1
        cues: list[_Cue] = []
        out: list[_Found] = []
        modal = False
        speaker: tuple[str, str] | None = None
        speaker_words = ""
        bare_ok: bool | None = None
        emitted = False
        trace = log.isEnabledFor(logging.DEBUG)
        # the target's own determiners and modifiers: "no accession", "membership, which would
        # be a mistake"
        for child in target.children:
            if child.dep_ in ("neg", "det") and child.lower_ in NEGATORS:
                if target.pos_ in ("NOUN", "PROPN") and child.i > target.i and active("contrast"):
                    continue  # "the state, not foreign investors": the contrast, not the target
                sign = -sign
            elif child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
                for cue in self._predicate_cues(child, from_subject=True):
                    cues.append(cue)
                    sign *= cue.polarity
            elif child.dep_ == "amod" and _lex(EVALUATIONS, child) and target.dep_ in ("oprd", "attr"):
                # "called an alternative route 'not realistic'"
                value = _lex(EVALUATIONS, child)
                if any(g.dep_ == "neg" for g in child.children):
                    value = -value
                cues.append(_Cue(value, "evaluation", child))
                sign *= value
        own_phrase = _own_phrase_cue(target)
        node, came_from, via_conj = target, None, False
        for _step in range(60):
            if node.i not in in_span:
                break
            if trace:
                log.debug("    %s <- %s (%s) sign=%+d", target.text, node.text, node.dep_, sign)
            if not cues and not emitted and node.i != target.i and node.pos_ in ("NOUN", "PROPN") \
                    and came_from is not None and came_from.dep_ in _MODIFIER_DEPS \
                    and self._claims.get(node.i, profile.id) != profile.id:
                # "a referendum on the pipeline": the position is on the head's proposition
                if trace:
                    log.debug("  %s: modifier of another proposition's target %r", target.text, node.text)
                return []
            if not cues and not emitted and node.dep_ == "prep" and node.lower_ in _CIRCUMSTANCE_PREPS \
                    and came_from is not None and active("circumstance"):
                # "... before parliament votes", "until the last day before the vote"
                if trace:
                    log.debug("  %s: in a circumstance (%r)", target.text, node.text)
                return []
            if not emitted and any(_condition_word(c) for c in node.children):
                # "..., provided parliament approves it": the position and its condition
                # (which the parse often makes a conjunct) are both conditional
                return []
            if (node.i != target.i or own_phrase is not None) and not via_conj:
                lemma = node.lemma_.lower()
                if _in_set(HEDGES, node) and not (node.lower_ == "if" and node.dep_ != "mark") \
                        and active("hedge"):
                    if trace:
                        log.debug("  %s: hedged by %r", target.text, node.text)
                    return []
                transparent = False
                if lemma in ACCEPTANCE_VERBS and came_from is not None and came_from.dep_ == "ccomp" \
                        and active("acceptance"):
                    subject = _subject(node)
                    if subject is not None and subject.dep_ not in ("nsubjpass", "expl") \
                            and subject.lower_ != "it" and not emitted:
                        if trace:
                            log.debug("  %s: acceptance by a third party (%r)", target.text, node.text)
                        return []
                    transparent = True
                if not emitted and not transparent:
                    # negation and modality on this node scope over everything below it
                    for child in node.children:
                        if (came_from is not None and child.i == came_from.i):
                            continue
                        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in NEGATORS):
                            if node.pos_ in ("NOUN", "PROPN") and child.i > node.i and active("contrast"):
                                continue  # "X, not Y": the negation is Y's
                            if node.i != target.i or child.dep_ == "advmod":  # own neg/det read above
                                if any(c.kind == "attitude" and c.polarity < 0 for c in cues) \
                                        and active("denied-opposition"):
                                    return []  # "did not recommend rejecting it": not opposing is no support
                                sign = -sign
                        elif child.dep_ == "aux" and child.lower_ in DEONTIC_MODALS:
                            modal = True
                        elif child.dep_ in ("aux", "acomp") and _in_set(HEDGES, child) and active("hedge"):
                            return []  # "might", "is unclear", "should be conditional on"
                        elif child.dep_ == "mark" and child.lower_ == "unless" and active("unless-condition"):
                            # "X opposes the law unless the route is moved": X demands the condition
                            return self._condition(node, target, profile, sign, cues, sent, quote)
                        elif child.dep_ == "mark" and child.lower_ == "if" and node.dep_ == "advcl" \
                                and _threshold(node):
                            # "would not support the law if the stake fell below 51 percent": a demand
                            # that it stays at or above the threshold
                            return self._condition(node, target, profile, -sign * _threshold(node), cues,
                                                   sent, quote)
                        elif child.dep_ == "advcl" and active("conditional-clause") and any(
                                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                            return []  # a conditional position ("would support it only if ...")
                    here: list[_Cue] = []
                    if node.i == target.i:
                        here.append(own_phrase)
                    elif lemma in NEGATORS or node.lower_ in NEGATORS:
                        sign = -sign
                    else:
                        cue = self._word_cue(node)
                        if cue is not None:
                            here.append(cue)
                    if node.i != target.i:
                        # a rib that is part of the node's own phrase ("vote [against]") counts once
                        taken = _phrase_indices(node) if here else set()
                        here.extend(c for c in self._rib_cues(node, came_from) if c.token.i not in taken)
                    if any(c.kind == "attitude" and c.polarity < 0 and c.token.i == node.i for c in here) \
                            and node.pos_ == "NOUN" and lemma not in _AFFIRMED_WHEN_NEGATED and active("denied-opposition") \
                            and any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in NEGATORS)
                                    for c in node.children):
                        return []  # "is no opponent of it", "no objection to it": no position at all
                    for cue in here:
                        cues.append(cue)
                        sign *= cue.polarity
                    for cue in here:
                        if cue.kind != "attitude":
                            continue
                        if _conditional(cue.token):
                            return []  # "voted to oppose the pipeline unless ...": conditional
                        if _negated_reason(cue.token):
                            return []  # "we do not oppose it because ...": the reason is denied
                        heads, _light = _holder_tokens(cue.token)
                        if any(target.i in {t.i for t in h.subtree} for h in heads):
                            continue  # "Drevnia welcomed the vote": the holder is not the target
                        holders, light_neg = self._holders(cue.token, sent, quote)
                        if not holders:
                            continue
                        if cue.token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in cue.token.head.children):
                            # "did not recommend rejecting it" (not opposing is no support), "does
                            # not want to back it"
                            if cue.polarity < 0 and active("denied-opposition"):
                                return []
                            light_neg = not light_neg
                        emit_sign = -sign if light_neg else sign
                        for holder in holders:
                            out.append(self._make(holder, profile, emit_sign, cues, sent, quote,
                                                  modal, "attitude", cue.token))
                        emitted = True
                        if trace:
                            log.debug("  %s: attitude %r -> %s (%+d)", target.text, cue.token.text,
                                      [h[0] for h in holders], emit_sign)
                        break
                if came_from is not None and _reports(node, came_from):
                    subject = _subject_of(node)
                    if subject is None and node.dep_ == "advcl":
                        subject = _subject_of(node.head)  # "X urged ..., arguing that ..."
                    if subject is not None:
                        speaker = self._resolve(subject, quote) or speaker
                        speaker_words = " ".join(t.text for t in subject.subtree)
                    if speaker is not None:
                        if trace:
                            log.debug("  %s: reported by %s via %r", target.text, speaker[0], node.text)
                        break
            if bare_ok is None and node.pos_ in ("VERB", "AUX") and node.dep_ in _CLAUSE_DEPS:
                bare_ok = self._bare_ok(node, target, profile, modal, indices)
            if node.head.i == node.i:
                break
            came_from = node
            via_conj = node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")
            node = node.head
        if speaker is None:
            speaker = self._according_to(sent, quote)
        if quote is not None:
            speaker = self._quote_speaker(quote) or speaker
        if not out and speaker is not None:
            strong = self._strong_example(sent, quote, profile)
            if strong:
                polarity = strong * (-1 if profile.negated else 1)
                return [self._make(speaker, profile, polarity, cues, sent, quote, modal, "example", None)]
        if out:
            if speaker is not None:
                for item in out:
                    if item.actor_id != speaker[1]:
                        item.reporter = speaker[0]
                leads = self._leads(speaker, speaker_words, out)
                if leads is not None:
                    # "Homeland Front leader Krenz said the Homeland Front ... supported X": a
                    # leader reporting their own group's position holds it too
                    held = (1 if leads.polarity == "support" else -1) * (-1 if profile.negated else 1)
                    out.append(self._make(speaker, profile, held, cues, sent, quote, modal, "attitude", None))
            return out
        if speaker is None:
            return []
        if cues:
            if trace:
                log.debug("  %s: evaluation %s -> %s (%+d)", target.text,
                          [c.token.text for c in cues], speaker[0], sign)
            return [self._make(speaker, profile, sign, cues, sent, quote, modal, "evaluation", None)]
        window = _window_cue(target)
        if window is not None:
            if trace:
                log.debug("  %s: evaluation in the window %r -> %s (%+d)", target.text, window.token.text,
                          speaker[0], sign * window.polarity)
            return [self._make(speaker, profile, sign * window.polarity, [window], sent, quote, modal,
                               "evaluation", None)]
        if bare_ok:
            if trace:
                log.debug("  %s: assertion -> %s (%+d)", target.text, speaker[0], sign)
            return [self._make(speaker, profile, sign, cues, sent, quote, modal, "assertion", None)]
        vote = self._example_vote(sent, profile)
        if vote:
            return [self._make(speaker, profile, vote, cues, sent, quote, modal, "example", None)]
        return []

    # -- cues --

    def _word_cue(self, token) -> _Cue | None:
        value = _lex(ATTITUDES, token)
        if value:
            return _Cue(value, "attitude", token)
        value = _lex(EVALUATIONS, token)
        if value:
            return _Cue(value, "evaluation", token)
        for phrase, (polarity, kind) in PHRASES.items():
            if _phrase_at(token, phrase):
                return _Cue(polarity, kind, token)
        return None

    def _rib_cues(self, node, came_from) -> list[_Cue]:
        """Cues attached beside the path: "X is [unacceptable]", "X were [against] ...", "X is
        not [on the table]", "an [irreversible] path to X", "[no doubt] about X"."""
        cues = []
        from_subject = came_from is not None and came_from.dep_ in _SUBJECT_DEPS
        for child in node.children:
            if (came_from is not None and child.i == came_from.i) or child.dep_ in ("conj", "ccomp", "advcl", "relcl", "parataxis",
                                                   "punct", "cc", "mark"):
                continue
            if child.dep_ in ("acomp", "attr", "oprd") or (from_subject and child.dep_ == "dobj"):
                cues.extend(self._complement_cues(child))
            elif child.dep_ == "prep":
                cue = None
                for phrase, (polarity, kind) in PHRASES.items():
                    if _phrase_at(child, phrase):
                        cue = _Cue(polarity, kind, child)
                if cue is None:
                    value = _lex(ATTITUDES, child)
                    if value and child.lower_ == "against" and node.pos_ in ("AUX", "VERB"):
                        cue = _Cue(value, "attitude", child)
                if cue is not None:
                    cues.append(cue)
            elif child.dep_ in ("amod", "advmod") and node.pos_ in ("NOUN", "PROPN"):
                value = _lex(EVALUATIONS, child) or _lex(ATTITUDES, child)
                if value:
                    cues.append(_Cue(value, "evaluation", child))
            elif child.dep_ == "prt":
                for phrase, (polarity, kind) in PHRASES.items():
                    if _phrase_at(node, phrase):
                        cues.append(_Cue(polarity, kind, node))
        return cues

    def _predicate_cues(self, verb, from_subject: bool) -> list[_Cue]:
        cues = []
        value = _lex(EVALUATIONS, verb)
        if value:
            cues.append(_Cue(value, "evaluation", verb))
        for child in verb.children:
            if child.dep_ in ("acomp", "attr", "oprd") or (from_subject and child.dep_ == "dobj"):
                cues.extend(self._complement_cues(child))
        if cues and any(c.dep_ == "neg" for c in verb.children):
            cues[0] = _Cue(-cues[0].polarity, cues[0].kind, cues[0].token)
        return cues

    def _complement_cues(self, token) -> list[_Cue]:
        cues = []
        value = _lex(EVALUATIONS, token)
        kind = "evaluation"
        if not value:
            value = _lex(ATTITUDES, token)
            kind = "attitude" if token.pos_ in ("ADJ", "VERB") else "evaluation"
        if value:
            cues.append(_Cue(value, kind, token))
        for child in token.children:
            if child.dep_ in ("amod", "advmod", "compound", "acomp"):
                sub = _lex(EVALUATIONS, child) or _lex(ATTITUDES, child)
                if sub:
                    cues.append(_Cue(sub, "evaluation", child))
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in NEGATORS):
                if cues:
                    cues[-1] = _Cue(-cues[-1].polarity, cues[-1].kind, cues[-1].token)
        for phrase, (polarity, kind2) in PHRASES.items():
            if _phrase_at(token, phrase):
                cues.append(_Cue(polarity, kind2, token))
        return cues

    def _bare_ok(self, clause, target, profile: Profile, modal: bool, indices: set[int]) -> bool:
        """Whether the clause states the proposition's content itself ("Ukraine cannot be a
        member", "Article 5 is not being upheld"), so that saying it is taking a position."""
        if clause.dep_ in ("advcl", "relcl", "acl", "pcomp"):
            return False
        has_modal = modal or any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in clause.children)
        if not (has_modal or profile.factual):
            return False
        node = target
        while node.i != clause.i and node.head.i != node.i:
            if node.dep_ == "prep" and node.lower_ in _CIRCUMSTANCE_PREPS:
                return False
            node = node.head
        subject = _subject_of(clause)
        if subject is None or subject.dep_ == "expl":
            return True
        in_subject = {t.i for t in subject.subtree}
        if target.i in in_subject or any(i in indices for i in in_subject):
            # the target is what the clause is about: a copula ("X could be part of the deal") or
            # a predicate that names the content too ("X is not being upheld"), not any event
            # ("the pipeline would leave the country exposed")
            if clause.lemma_.lower() in ("be", "become") and any(
                    c.dep_ in ("attr", "acomp") for c in clause.children):
                return True
            if clause.lemma_.lower() in _PROCEDURE_VERBS:
                return False  # "the project should not be decided by ministers": who decides, not what
            if any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in clause.children):
                return True  # "the council should own it": a demand about the target
            # an object that an infinitive then predicates of ("would require the state to
            # borrow") is that infinitive's subject, not the content of the clause
            controlled = any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                       for a in c.children)
                             for c in clause.children)
            core = [clause, *(c for c in clause.children if c.dep_ in _CORE_DEPS
                              and not (controlled and c.dep_ == "dobj"))]
            core += [g for c in core[1:] for g in c.children if g.dep_ in ("compound", "amod")]
            return any(t.i in indices and t.i not in in_subject for t in core)
        if subject.lower_ in _FIRST_PERSON:
            return False
        names = {_name_key(_span_text(subject))}
        resolved = self._resolve(subject, None)
        if resolved is not None:
            actor = self.by_name.get(_name_key(resolved[0]))
            names.add(_name_key(resolved[0]))
            if actor is not None:
                names.update(_name_key(a) for a in actor.aliases)
        return bool(names & self.anchor_forms[profile.id])

    def _strong_example(self, sent, quote, profile: Profile) -> int:
        """+1/-1 when the sentence (or its quote) restates one of the proposition's examples."""
        tokens = [t for t in sent if not t.is_punct and t.lower_ not in STOPWORDS]
        if quote is not None:
            tokens = [t for t in tokens if quote.start <= t.idx < quote.end] or tokens
        bag = frozenset(_stem(t.text) for t in tokens)
        labels = set()
        for examples, value in ((profile.support_examples, 1), (profile.oppose_examples, -1)):
            for example in examples:
                if len(example) >= EXAMPLE_STRONG_MIN_WORDS \
                        and len(bag & example) / len(example) >= EXAMPLE_STRONG_COVERAGE:
                    labels.add(value)
        return labels.pop() if len(labels) == 1 else 0

    def _example_vote(self, sent, profile: Profile) -> int:
        if not profile.support_examples and not profile.oppose_examples:
            return 0
        bag = frozenset(_stem(t.text) for t in sent if not t.is_punct and t.lower_ not in STOPWORDS)
        best, label = 0.0, 0
        for examples, value in ((profile.support_examples, 1), (profile.oppose_examples, -1)):
            for example in examples:
                union = bag | example
                if union:
                    sim = len(bag & example) / len(union)
                    if sim > best:
                        best, label = sim, value
        return label if best >= EXAMPLE_MIN_SIMILARITY else 0

    # -- holders --


    def _condition(self, clause, target, profile, sign, cues, sent, quote) -> list[_Found]:
        """Support for the content of an "unless" clause from whoever opposes something (or
        refuses to support it) unless it happens."""
        main = clause.head
        candidates = [main, *(c for c in main.children if c.dep_ == "xcomp")]
        if main.dep_ == "xcomp":
            candidates.append(main.head)
        for verb in candidates:
            value = _lex(ATTITUDES, verb)
            cue = verb
            if not value:
                for phrase, (polarity, kind) in PHRASES.items():
                    if kind == "attitude" and phrase[0] == verb.lemma_.lower() and _phrase_at(verb, phrase):
                        value, cue = polarity, verb
                        break
            if not value:
                continue
            negated = any(c.dep_ == "neg" for c in verb.children) or any(
                c.dep_ == "neg" for c in main.children)
            if (value > 0) != negated:
                return []  # "supports it unless ...": a condition on support, no demand
            holders, _light = self._holders(cue, sent, quote)
            if not holders and verb is not main:
                holders, _light = self._holders(main, sent, quote)
            if not holders:
                subject = _reporting_subject(verb)
                resolved = self._resolve(subject, quote) if subject is not None else None
                holders = [resolved] if resolved is not None else []
            return [self._make(holder, profile, sign, cues, sent, quote, False, "attitude", cue)
                    for holder in holders]
        return []

    def _leads(self, speaker, words: str, found: list[_Found]) -> _Found | None:
        """The stance of a group the person ``speaker`` belongs to or leads, when the sentence or
        the speaker's roles name the group ("Homeland Front leader Bartol Krenz")."""
        if not self._is_person(speaker[1]) or any(f.actor_id == speaker[1] for f in found):
            return None
        actor = next(a for a in self.actors if a.id == speaker[1])
        context = _name_key(" ".join((words, *actor.roles, self._descriptions(actor))))
        for item in found:
            group = next((a for a in self.actors if a.id == item.actor_id), None)
            forms = (group.name, *group.aliases) if group is not None else (item.actor,)
            if group is not None and group.type == "person":
                continue
            keys = [_name_key(f) for f in forms if _name_key(f)]
            if any(f" {k} " in f" {context} " for k in keys) or any(
                    # the demonym of a country's name: "Drevnian minister" for "Drevnia"
                    " " not in k and len(k) >= 4 and w.startswith(k) and len(w) - len(k) <= 2
                    for k in keys for w in context.split()):
                return item
        return None


    def _quote_at(self, offset: int) -> Quote | None:
        for quote in self.quotes:
            if quote.start <= offset < quote.end:
                return quote
        return None


    def _make(self, holder, profile, sign, cues, sent, quote, modal, kind, cue_token) -> _Found:
        known = self.by_name.get(_name_key(holder[0]))
        if known is not None:
            holder = (known.name, known.id)  # one id per actor, however the holder was found
        if known is None or known.type != "person":
            full = self._full_name_of(_name_key(holder[0]))
            if full is not None:
                holder = (full.name, full.id)  # "Industry Council" in a headline, named in full later
        polarity = sign * (-1 if profile.negated else 1)
        confidence = CONFIDENCE[kind] + CUE_BONUS * max(0, len(cues) - 1)
        if quote is not None:
            confidence += QUOTE_BONUS
        if kind != "assertion" and modal and cue_token is not None and any(
            c.dep_ == "aux" and c.lower_ in ("could", "would") for c in cue_token.children
        ):
            confidence *= HEDGE_FACTOR
        reporter = None
        if quote is not None and quote.speaker:
            speaker = self._quote_speaker(quote)
            if speaker is not None and speaker[1] != holder[1]:
                reporter = speaker[0]
        return _Found(
            actor=holder[0],
            actor_id=holder[1],
            proposition=profile.id,
            polarity="support" if polarity > 0 else "oppose",
            sent=sent,
            confidence=min(MAX_CONFIDENCE, confidence),
            quote=quote,
            reporter=reporter,
        )


# --- dependency helpers ---------------------------------------------------------------------------


def _reports(verb, came_from) -> bool:
    """Whether ``verb`` reports the clause or phrase it is reached from ("said [that ...]",
    "called [the deal] a mistake")."""
    if not _in_set(REPORTING_VERBS, verb):
        return False
    if verb.lemma_.lower() == "call":
        # "call" reports only an evaluation: "called the deal [a mistake]", not "called a vote"
        return came_from.dep_ in ("dobj", "oprd") and any(c.dep_ == "oprd" for c in verb.children)
    return came_from.dep_ in ("ccomp", "xcomp", "conj", "parataxis", "advcl", "dobj", "acomp", "prep",
                              "nsubj", "csubj")


def _implicit_target(token) -> bool:
    """A definite "the project", "this deal" as the object of an attitude ("backed the project"),
    the object of "call X Y", or the subject of an evaluative predicate ("the deal is a mistake")."""
    if token.lower_ in ("it", "this") and token.dep_ in ("dobj", "pobj"):
        return _attitude_object(token)  # "we oppose it", "will vote against it"
    if token.lemma_.lower() not in IMPLICIT_TARGETS or token.pos_ != "NOUN":
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in token.children):
        return False
    if any(c.dep_ in ("prep", "compound", "acl") for c in token.children):
        return False  # "the deal on gas prices", "the plan to ..." name their own content
    head = token.head
    if _attitude_object(token):
        return True
    if token.dep_ == "dobj" and any(c.dep_ == "oprd" for c in head.children):
        return True
    if token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("acomp", "attr") and (_lex(EVALUATIONS, c) or any(
                _lex(EVALUATIONS, g) for g in c.children if g.dep_ == "amod")) for c in head.children):
        return True
    return False


def _attitude_object(token) -> bool:
    """Whether ``token`` is the object of an attitude verb ("opposed the pipeline", "voted
    against the law", "support for the plan")."""
    head = token.head
    if token.dep_ == "dobj" and head.pos_ == "VERB":
        return bool(_lex(ATTITUDES, head))
    if token.dep_ == "pobj" and head.dep_ == "prep":
        governor = head.head
        if _lex(ATTITUDES, head) and head.lower_ == "against":
            return True
        return any(_phrase_at(head, phrase) and kind == "attitude"
                   for phrase, (_p, kind) in PHRASES.items()) or (
            governor.pos_ == "NOUN" and bool(_lex(ATTITUDES, governor)))
    return False


def _own_phrase_cue(target) -> _Cue | None:
    """An attitude phrase that starts at the target verb itself ("vote against" when "vote" is a
    keyword of the proposition)."""
    if target.pos_ != "VERB":
        return None
    doc = target.doc
    for phrase, (polarity, kind) in PHRASES.items():
        n = len(phrase)
        if kind != "attitude" or target.i + n > len(doc):
            continue
        if tuple(doc[target.i + k].lemma_.lower() for k in range(n)) == phrase:
            return _Cue(polarity, kind, target)
    return None


