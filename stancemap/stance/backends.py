"""Stance backends: one interface over the learned model, the rules and a language model.

A backend reads one analysed article (its spaCy doc, actors, quotes) against the codebook and
returns :class:`~stancemap.model.Stance` records; ``method`` names what produced them and goes
into every record and the run's methods, ``key`` into the analysis fingerprint (changing it
re-analyses stored articles). Backends cross process boundaries (``--workers``), so they load
heavy parts lazily and drop them when pickled.

- ``model`` (default, :class:`ModelBackend`): the learned stance model of
  :mod:`stancemap.stance.learned` reads every (statement, proposition) pair that its relevance
  pre-filter keeps; statements are quotes and the reporter's narration
  (:mod:`stancemap.stance.statements`), holders are the actors the sentence attributes them to.
  The rules then act as helpers where they measurably help (see :data:`RULES_MODE`).
- ``rules`` (:class:`RulesBackend`): the rules of :mod:`stancemap.stance.detect` alone.
- ``llm``: :class:`stancemap.stance.llm.LLMBackend`, any OpenAI-compatible endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from stancemap.errors import ModelError
from stancemap.model import Actor, CleanArticle, Codebook, Quote, Stance, content_id
from stancemap.settings import STANCE_BACKENDS as BACKENDS  # noqa: F401 - the names, for callers

from .detect import METHOD as RULES_METHOD
from .detect import detect_stances
from .statements import Statement, find_statements
from .targets import _WORD as WORD
from .targets import _stem, build_profiles

# Thresholds of the model backend: the values bench/lodo_stances.py chooses on all four debates of
# ../shared/dev (its "plain" column); its "LODO" columns choose them on three debates and score the
# fourth, the honest estimate. Every fold chose rules "override" and one proposition per statement,
# confidence 0.4-0.5 and relevance 0.1-0.3.
# A (statement, proposition) pair is read only when the model's relevance score reaches this.
RELEVANCE_MIN = 0.3
# A support/oppose answer counts only at this confidence or more.
MIN_CONFIDENCE = 0.5
# How the rules help the model: "off" (model alone), "union" (the rules' stances are added where
# the model has none for that holder and proposition), "override" (as union, and where both read
# the same holder and proposition in the same sentence the rules' polarity wins: their negation,
# condition and reported-speech scopes are explicit).
RULES_MODE = "override"
RULES_MODES = ("off", "union", "override")
# A statement takes a position on at most this many propositions (those the relevance scores
# highest among its readings above the thresholds); 0: no limit. Most statements in news are about
# one proposition; without a limit the model spreads one speaker over every proposition.
PER_STATEMENT = 1
# The model reads at most this many propositions per statement, the most relevant. Reading the top
# 1 instead of all: dev F1 0.288 -> 0.311 and the stance stage 5x cheaper (bench/lodo_stances.py);
# top 2 gave 0.299.
READ_PER_STATEMENT = 1


class StanceBackend(Protocol):
    """What the pipeline asks of a stance backend."""

    @property
    def method(self) -> str: ...  # goes into every Stance record and the run's methods

    @property
    def key(self) -> str: ...  # part of the analysis fingerprint

    def detect(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
               codebook: Codebook) -> tuple[Stance, ...]: ...

    def close(self) -> None: ...


class RulesBackend:
    """The transparent rules of :mod:`stancemap.stance.detect`."""

    method = RULES_METHOD
    key = RULES_METHOD

    def detect(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
               codebook: Codebook) -> tuple[Stance, ...]:
        return detect_stances(doc, article, actors, quotes, codebook)

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Reading:
    """The model's answer on one statement against one proposition."""

    statement: Statement
    proposition: str
    relevance: float
    label: str  # support | oppose | neither
    confidence: float


@dataclass(frozen=True)
class Thresholds:
    relevance: float = RELEVANCE_MIN
    confidence: float = MIN_CONFIDENCE
    rules: str = RULES_MODE
    per_statement: int = PER_STATEMENT


class ModelBackend:
    """The learned stance model over quotes and narration, with the rules as helpers."""

    def __init__(self, thresholds: Thresholds | None = None, classifier=None) -> None:
        self.thresholds = thresholds or Thresholds()
        if self.thresholds.rules not in RULES_MODES:
            raise ValueError(f"rules mode must be one of {', '.join(RULES_MODES)}")
        self._classifier = classifier
        self._targets: tuple = (None, frozenset())  # (codebook, the words of its propositions)

    def __getstate__(self) -> dict:
        return {"thresholds": self.thresholds, "_classifier": None, "_targets": (None, frozenset())}

    def _names_a_target(self, text: str, codebook: Codebook) -> bool:
        """Whether the text has a word (stemmed) of some proposition's statement, keywords or
        examples, or one of their names: a sentence sharing no word with the codebook is not read."""
        if self._targets[0] != codebook:
            words: set[str] = set()
            for profile in build_profiles(codebook):
                words |= set(profile.terms) | profile.anchors | {w for phrase in profile.phrases for w in phrase}
            self._targets = (codebook, frozenset(words))
        words = self._targets[1]
        return any(_stem(w) in words or w.lower() in words for w in WORD.findall(text))

    @property
    def classifier(self):
        if self._classifier is None:
            try:
                from .learned import StanceClassifier
            except ImportError as err:
                raise ModelError(f"the learned stance model cannot be loaded ({err}); use --stances rules") from err
            self._classifier = StanceClassifier.load()
        return self._classifier

    @property
    def method(self) -> str:
        rules = f"+{RULES_METHOD}" if self.thresholds.rules != "off" else ""
        return f"{self.classifier.method}{rules}"  # "stance.model.v1:<weights digest>+stance.rules.v2"

    @property
    def key(self) -> str:
        t = self.thresholds
        return content_id(self.method, t.relevance, t.confidence, t.rules, t.per_statement, READ_PER_STATEMENT)

    def close(self) -> None:
        pass

    def read(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
             codebook: Codebook, relevance_min: float | None = None) -> list[Reading]:
        """The model's readings of each statement that names a target against its most relevant
        proposition(s) (READ_PER_STATEMENT) at relevance ``relevance_min`` (default: the threshold)."""
        statements = find_statements(doc, article, actors, quotes)
        propositions = codebook.propositions
        if not statements or not propositions:
            return []
        statements = [s for s in statements if self._names_a_target(s.text, codebook)]
        if not statements:
            return []
        floor = self.thresholds.relevance if relevance_min is None else relevance_min
        clf = self.classifier
        texts = [s.text for s in statements]
        relevance = clf.relevance(texts, [p.statement for p in propositions])
        pairs = []
        for i in range(len(statements)):
            ranked = sorted(range(len(propositions)), key=lambda j: -float(relevance[i][j]))
            pairs.extend((i, j) for j in ranked[:READ_PER_STATEMENT] if float(relevance[i][j]) >= floor)
        if not pairs:
            return []
        predictions = clf.predict([(texts[i], propositions[j].statement) for i, j in pairs])
        return [Reading(statements[i], propositions[j].id, float(relevance[i][j]), p.label,
                        float(p.confidence)) for (i, j), p in zip(pairs, predictions)]

    def detect(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
               codebook: Codebook) -> tuple[Stance, ...]:
        readings = self.read(doc, article, actors, quotes, codebook)
        rules = (detect_stances(doc, article, actors, quotes, codebook)
                 if self.thresholds.rules != "off" else ())
        return combine(article, readings, rules, self.thresholds, self.method)


def combine(article: CleanArticle, readings: Sequence[Reading], rules: Sequence[Stance],
            thresholds: Thresholds, method: str) -> tuple[Stance, ...]:
    """Stances from the model's readings above the thresholds, helped by the rules' stances: one
    record per (holder, proposition, polarity), with its most confident evidence."""
    best: dict[tuple[str, str, str], Stance] = {}

    def keep(stance: Stance) -> None:
        key = (stance.actor_id, stance.proposition, stance.polarity)
        if key not in best or stance.confidence > best[key].confidence:
            best[key] = stance

    by_sentence = {(s.actor_id, s.proposition, s.evidence_start): s for s in rules}
    kept: dict[int, list[Reading]] = {}
    for r in readings:
        if r.relevance >= thresholds.relevance and r.label in ("support", "oppose") \
                and r.confidence >= thresholds.confidence:
            kept.setdefault(r.statement.start, []).append(r)
    chosen = []
    for group in kept.values():
        group.sort(key=lambda r: -r.relevance)
        chosen.extend(group[:thresholds.per_statement] if thresholds.per_statement else group)
    for r in chosen:
        st = r.statement
        for holder in st.holders:
            polarity = r.label
            rule = by_sentence.get((holder.actor_id, r.proposition, st.start))
            if thresholds.rules == "override" and rule is not None:
                polarity = rule.polarity
            quote = holder.quote
            keep(Stance(
                id=content_id(article.id, holder.actor_id, r.proposition, polarity, st.start),
                article_id=article.id, actor=holder.name, actor_id=holder.actor_id,
                proposition=r.proposition, polarity=polarity, evidence=st.text,
                evidence_start=st.start, evidence_end=st.end,
                quote_id=quote.id if quote is not None else None,
                date=(quote.date if quote is not None and quote.date else article.published),
                confidence=round(r.confidence, 3), method=method))
    if thresholds.rules != "off":
        held = {(s.actor_id, s.proposition) for s in best.values()}
        for stance in rules:
            if (stance.actor_id, stance.proposition) not in held:
                keep(stance)
    return tuple(sorted(best.values(), key=lambda s: (s.evidence_start, s.actor, s.proposition)))
