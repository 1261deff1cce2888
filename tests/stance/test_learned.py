"""The learned stance model: the shipped weights load offline and score as docs/stance-model.md says.

The sentences below are invented for this test (no corpus text). Their documented scores with the
shipped int8 weights: polarity accuracy 18/22 = 0.82 on the 22 stance-bearing pairs, label accuracy
22/26 = 0.85 with the 4 unrelated pairs; the floors leave a margin for onnxruntime and CPU differences.
"""

from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pytest

from stancemap.errors import StancemapError
from stancemap.stance.learned import LABELS, WEIGHTS_DIR, StanceClassifier, StancePrediction

STADIUM = "The city should build a new football stadium."
PHONES = "Schools should ban mobile phones in class."
WAGE = "The country should raise the minimum wage."
NUCLEAR = "Nuclear power plants should be shut down."

INVENTED = [
    ("The mayor said the new stadium would bring jobs and visitors, and urged the council to approve it.", STADIUM, "support"),
    ("Residents rallied to demand the stadium be built without further delay.", STADIUM, "support"),
    ("Building the arena is the best investment this city can make, the developer argued.", STADIUM, "support"),
    ("The council voted to fund construction of the stadium.", STADIUM, "support"),
    ("Critics called the stadium a waste of public money that the city cannot afford.", STADIUM, "oppose"),
    ("The neighbourhood association vowed to fight the stadium plan in court.", STADIUM, "oppose"),
    ("We do not need another stadium; we need housing, the councillor said.", STADIUM, "oppose"),
    ("The governor rejected the proposal for a new stadium as reckless.", STADIUM, "oppose"),
    ("Teachers say phones distract pupils and welcomed the proposed ban.", PHONES, "support"),
    ("Banning phones in classrooms will improve concentration, the minister said.", PHONES, "support"),
    ("The headteacher backed a complete ban on mobile phones during lessons.", PHONES, "support"),
    ("Parents' groups argued that a phone ban is unnecessary and unenforceable.", PHONES, "oppose"),
    ("Students protested against the ban, saying phones help them learn.", PHONES, "oppose"),
    ("The union said it opposes any ban on phones in schools.", PHONES, "oppose"),
    ("Workers deserve a higher minimum wage, the union leader said.", WAGE, "support"),
    ("The labour minister proposed raising the minimum wage by ten percent.", WAGE, "support"),
    ("Economists warned that a higher minimum wage would cost jobs and urged the government to reject it.", WAGE, "oppose"),
    ("Business owners said raising the wage floor would force them to close.", WAGE, "oppose"),
    ("Campaigners demanded the closure of all nuclear plants by 2030.", NUCLEAR, "support"),
    ("Nuclear energy is dangerous and must be phased out, the Greens said.", NUCLEAR, "support"),
    ("The energy minister said nuclear power is essential and the plants must keep running.", NUCLEAR, "oppose"),
    ("Engineers argued that shutting the reactors would raise emissions and prices.", NUCLEAR, "oppose"),
    ("The weather was sunny on Saturday and the market was busy.", STADIUM, "neither"),
    ("The museum opened a new exhibition of medieval maps.", PHONES, "neither"),
    ("The football team won its third match in a row on Sunday.", WAGE, "neither"),
    ("The school will hold its annual concert in December.", NUCLEAR, "neither"),
]
# Documented 0.82 and 0.85 (module docstring); floors two pairs below.
POLARITY_FLOOR = 16 / 22
LABEL_FLOOR = 20 / 26


@pytest.fixture(scope="module")
def clf():
    return StanceClassifier.load()


def _polarity(pred: StancePrediction) -> str:
    return "support" if pred.probs["support"] >= pred.probs["oppose"] else "oppose"


def test_shipped_weights_load_offline_and_name_themselves(clf):
    assert re.fullmatch(r"stance\.model\.v1:[0-9a-f]{8}", clf.method)
    assert clf.labels == LABELS


def test_predictions_are_calibrated_distributions(clf):
    preds = clf.predict([(t, p) for t, p, _ in INVENTED[:6]])
    assert len(preds) == 6
    for pred in preds:
        assert set(pred.probs) == set(LABELS)
        assert sum(pred.probs.values()) == pytest.approx(1.0, abs=1e-5)
        assert pred.label == max(pred.probs, key=pred.probs.get)
        assert pred.confidence == pytest.approx(pred.probs[pred.label])


def test_an_answer_depends_on_its_pair_only(clf):
    pairs = [(t, p) for t, p, _ in INVENTED]
    alone = clf.predict(pairs)
    reversed_ = clf.predict(pairs[::-1])[::-1]
    assert alone == reversed_
    assert clf.predict(pairs[3:4]) == alone[3:4]


def test_invented_sentences_score_as_documented(clf):
    preds = clf.predict([(t, p) for t, p, _ in INVENTED])
    stance_pairs = [(gold, _polarity(pred)) for (_, _, gold), pred in zip(INVENTED, preds) if gold != "neither"]
    polarity = sum(g == p for g, p in stance_pairs) / len(stance_pairs)
    labels = sum(pred.label == gold for (_, _, gold), pred in zip(INVENTED, preds)) / len(INVENTED)
    assert polarity >= POLARITY_FLOOR, polarity
    assert labels >= LABEL_FLOOR, labels


def test_empty_input_and_empty_strings(clf):
    assert clf.predict([]) == []
    (pred,) = clf.predict([("", STADIUM)])
    assert pred.label in LABELS
    assert clf.relevance([], [STADIUM]).shape == (0, 1)


def test_relevance_ranks_the_matching_proposition_first(clf):
    texts = [INVENTED[0][0], INVENTED[9][0], INVENTED[14][0], INVENTED[19][0]]
    statements = [STADIUM, PHONES, WAGE, NUCLEAR]
    scores = clf.relevance(texts, statements)
    assert scores.shape == (4, 4)
    assert np.all(scores <= 1.0001) and np.all(scores >= -1.0001)
    assert list(scores.argmax(axis=1)) == [0, 1, 2, 3]


def test_thread_count_is_settable(monkeypatch):
    monkeypatch.setenv("STANCEMAP_ONNX_THREADS", "2")
    assert StanceClassifier.load()._classifier.get_session_options().intra_op_num_threads == 2
    assert StanceClassifier.load(threads=1)._classifier.get_session_options().intra_op_num_threads == 1


def test_missing_or_broken_model_directory_is_named(tmp_path):
    with pytest.raises(StancemapError, match="stance-model.json"):
        StanceClassifier.load(tmp_path)
    (tmp_path / "stance-model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StancemapError, match="not a stance model configuration"):
        StanceClassifier.load(tmp_path)
    config = json.loads((WEIGHTS_DIR / "stance-model.json").read_text(encoding="utf-8"))
    (tmp_path / "stance-model.json").write_text(json.dumps(config), encoding="utf-8")
    shutil.copy(WEIGHTS_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    with pytest.raises(StancemapError, match=config["classifier"]):
        StanceClassifier.load(tmp_path)


@pytest.mark.shared
def test_dev_gold_evidence_polarity(clf, shared):
    """Polarity on the dev set's gold evidence against its own proposition (model alone)."""
    import yaml

    pairs, gold = [], []
    for codebook_path in sorted((shared / "dev" / "codebooks").glob("*.yaml")):
        statements = {p["id"]: p["statement"] for p in yaml.safe_load(codebook_path.read_text(encoding="utf-8"))["propositions"]}
        seen = set()
        for article in sorted((shared / "dev" / "articles").glob(f"{codebook_path.stem}-*.json")):
            for stance in json.loads(article.read_text(encoding="utf-8")).get("stances", []):
                key = (stance["evidence"], stance["proposition"])
                if stance["proposition"] in statements and key not in seen:
                    seen.add(key)
                    pairs.append((stance["evidence"], statements[stance["proposition"]]))
                    gold.append(stance["polarity"])
    preds = clf.predict(pairs)
    accuracy = sum(_polarity(p) == g for p, g in zip(preds, gold)) / len(gold)
    assert DEV_POLARITY_FLOOR <= accuracy, accuracy


# 0.562 (86/153) here, where a pair annotated with both polarities for different actors keeps its first;
# docs/stance-model.md's 0.556 (85/153, training/stance/evaluate.py) keeps the last.
DEV_POLARITY_FLOOR = 0.52
