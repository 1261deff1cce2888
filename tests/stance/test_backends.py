"""The stance backends' shared interface and the model backend's combination with the rules,
with a stand-in classifier (the shipped model's own scores are tested beside its weights)."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass

import numpy as np
import pytest

from stancemap.model import Stance
from stancemap.stance.backends import (BACKENDS, ModelBackend, Reading, RulesBackend, Thresholds,
                                       combine)
from stancemap.stance.statements import Holder, Statement

from .test_detect import RIVERTON, _actors, _article

WORD = re.compile(r"[a-z]+")


@dataclass
class _Prediction:
    label: str
    confidence: float
    probs: dict


class FakeClassifier:
    """Relevance: shared words; polarity: a few verbs. Enough to drive the backend's plumbing."""

    method = "stance.fake.v0:00000000"
    seen = ("Greenpeace backed the congestion charge. Oxfam rejected the congestion charge for cars.",
            *(p.statement for p in RIVERTON.propositions))

    def embed(self, texts):
        """Bag of the words of five letters or more, L2-normalised."""
        vocab = sorted({w for text in self.seen for w in WORD.findall(text.lower()) if len(w) > 4})
        out = np.zeros((len(texts), len(vocab) or 1))
        for i, text in enumerate(texts):
            for w in WORD.findall(text.lower()):
                if w in vocab:
                    out[i, vocab.index(w)] = 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def relevance(self, texts, statements):
        return self.embed(texts) @ self.embed(statements).T

    def predict(self, pairs, batch_size=32):
        out = []
        for text, _statement in pairs:
            low = text.lower()
            if re.search(r"\b(reject|against|scrap)", low):
                out.append(_Prediction("oppose", 0.9, {}))
            elif re.search(r"\b(back|support|welcome)", low):
                out.append(_Prediction("support", 0.8, {}))
            else:
                out.append(_Prediction("neither", 0.7, {}))
        return out


def test_every_backend_is_named():
    assert BACKENDS == ("model", "rules", "llm")


@pytest.mark.model
def test_model_backend_reads_narration_and_names_its_method(nlp):
    text = "Greenpeace backed the congestion charge. Oxfam rejected the congestion charge for cars."
    backend = ModelBackend(Thresholds(relevance=0.2, confidence=0.5, rules="off"), classifier=FakeClassifier())
    stances = backend.detect(nlp(text), _article(text), _actors(text), [], RIVERTON)
    assert {(s.actor, s.proposition, s.polarity) for s in stances} == {
        ("Greenpeace", "congestion-charge", "support"), ("Oxfam", "congestion-charge", "oppose")}
    assert {s.method for s in stances} == {"stance.fake.v0:00000000"}
    assert backend.method == "stance.fake.v0:00000000"


@pytest.mark.model
def test_thresholds_drop_weak_or_irrelevant_readings(nlp):
    text = "Greenpeace backed the congestion charge."
    actors = _actors(text)
    strict = ModelBackend(Thresholds(relevance=0.2, confidence=0.85, rules="off"), classifier=FakeClassifier())
    assert strict.detect(nlp(text), _article(text), actors, [], RIVERTON) == ()
    deaf = ModelBackend(Thresholds(relevance=1.1, confidence=0.5, rules="off"), classifier=FakeClassifier())
    assert deaf.detect(nlp(text), _article(text), actors, [], RIVERTON) == ()


def _stance(actor, polarity, start, method="stance.rules.v2"):
    return Stance(id=f"{actor}{polarity}", article_id="a", actor=actor, actor_id=actor.lower(),
                  proposition="p", polarity=polarity, evidence="", evidence_start=start, method=method)


def _reading(actor, label, start=0, confidence=0.9):
    statement = Statement(text="t", start=start, end=start + 1, holders=(Holder(actor, actor.lower(), "subject"),))
    return Reading(statement, "p", 0.9, label, confidence)


def test_combine_modes():
    article = _article("t")
    readings = [_reading("Ann", "support", start=0)]
    rules = [_stance("Ann", "oppose", 0), _stance("Bob", "oppose", 5)]

    def triples(mode):
        return {(s.actor, s.polarity, s.method) for s in
                combine(article, readings, rules, Thresholds(0.5, 0.5, mode), "m")}

    assert triples("off") == {("Ann", "support", "m")}
    # union: the rules add holders the model has nothing for, and say so in their method
    assert triples("union") == {("Ann", "support", "m"), ("Bob", "oppose", "stance.rules.v2")}
    # override: on the same holder, proposition and sentence the rules' polarity wins
    assert triples("override") == {("Ann", "oppose", "m"), ("Bob", "oppose", "stance.rules.v2")}


def test_combine_keeps_one_record_per_holder_proposition_polarity():
    article = _article("t")
    readings = [_reading("Ann", "support", 0, 0.7), _reading("Ann", "support", 10, 0.9),
                _reading("Ann", "neither", 20, 0.99)]
    out = combine(article, readings, [], Thresholds(0.5, 0.5, "off"), "m")
    assert [(s.actor, s.polarity, s.evidence_start, s.confidence) for s in out] == [("Ann", "support", 10, 0.9)]


def test_model_backend_pickles_without_its_session():
    backend = ModelBackend(classifier=FakeClassifier())
    clone = pickle.loads(pickle.dumps(backend))
    assert clone._classifier is None and clone.thresholds == backend.thresholds


def test_unknown_rules_mode_is_refused():
    with pytest.raises(ValueError, match="rules mode"):
        ModelBackend(Thresholds(rules="sometimes"))


@pytest.mark.model
def test_rules_backend_is_the_rules(nlp):
    text = "Greenpeace and Oxfam support the congestion charge."
    stances = RulesBackend().detect(nlp(text), _article(text), _actors(text), [], RIVERTON)
    assert {s.method for s in stances} == {"stance.rules.v2"} and len(stances) == 2

