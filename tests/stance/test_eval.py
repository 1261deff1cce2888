"""Stance F1 on gold articles, scored by the shared scorer, against pinned floors.

With oracle actors and quotes (from the gold annotations) the score measures this stage alone;
with the real upstream stages (clean -> nlp -> harvest) it measures the pipeline. Lowering a floor
takes a note in the commit message saying why.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from stancemap.model import Actor, CleanArticle, Mention, Quote, RawArticle, Segment, content_id
from stancemap.stance import detect_stances, load_codebook

# Floors pinned a little under the scores measured when they were set. The rules were grown on
# the seeds (oracle F1 0.84, real upstream stages 0.83) with concept groups mirroring the seeds'
# propositions ("member" ~ "join" ~ "accession"); without those: oracle 0.667, real stages 0.625.
SEEDS_ORACLE_FLOOR = 0.65
SEEDS_PIPELINE_FLOOR = 0.60
# Demo corpus, oracle actors and quotes: measured F1 0.45 when the corpus landed, 0.55 after the
# nested-target, own-phrase, strong-example and own-group rules, 0.73 after the implicit-target,
# "call X Y", condition, circumstance, contrast, litotes and holder rules, 0.77 after the
# opposite-modifier, "provided", denied-subject, purpose-infinitive and group-pronoun rules, 0.80
# (0.798) after the endorsement, procedure-verb, object-control, threshold-condition,
# described-speaker and holder rules. The floor guards against regressions; the 0.80 target with
# oracle actors (a harder corpus than the seeds) is still an expected failure.
# Since the rules lost the entries grown from one text and the scope rules that changed nothing
# on the real-news dev set (opposite modifiers, denying subjects, purpose infinitives, questions,
# suppositions, background clauses): oracle 0.759, real pipeline 0.794.
DEMO_ORACLE_FLOOR = 0.74
# Demo corpus through the real pipeline, as `stancemap run` scores it: measured F1 0.82 before,
# 0.794 now (the issue allows the demo to fall to 0.70 from its overfit score).
DEMO_PIPELINE_TARGET = 0.78
DEMO_ORACLE_TARGET = 0.80


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _oracle(text: str, gold: dict, article: CleanArticle) -> tuple[list[Actor], list[Quote]]:
    """Actors and quotes as the gold gives them, with offsets found in the text."""
    actors = []
    for entry in gold.get("actors", []):
        forms = sorted({entry["name"], *entry.get("aliases", [])}, key=len, reverse=True)
        mentions, taken = [], []
        for form in forms:
            for m in re.finditer(re.escape(form), text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append((m.start(), m.end()))
                mentions.append(Mention(text=form, start=m.start(), end=m.end()))
        actors.append(Actor(id=content_id(entry["name"].lower()), name=entry["name"],
                            type=entry.get("type", "person"), aliases=tuple(entry.get("aliases", [])),
                            mentions=tuple(sorted(mentions, key=lambda m: m.start))))
    quotes = []
    for entry in gold.get("quotes", []):
        start = text.find(entry["text"])
        if start < 0:
            continue
        end = start + len(entry["text"])
        speaker = entry.get("speaker")
        quotes.append(Quote(id=content_id(article.id, start, end), article_id=article.id,
                            type=entry.get("type", "direct"), text=entry["text"], start=start, end=end,
                            speaker=speaker, actor_id=content_id(speaker.lower()) if speaker else None,
                            cue=entry.get("cue"), date=entry.get("date")))
    return actors, quotes


def _score_oracle(nlp, gold_dir: Path, shared: Path, tmp_path: Path) -> dict:
    codebook = load_codebook(gold_dir / "codebook.yaml")
    lines = []
    for path in sorted(gold_dir.glob("*.txt")):
        gold_path = path.with_suffix(".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        article = CleanArticle(id=content_id(text), source=path.name, path=str(path), format="text",
                               raw_text=text, text=text,
                               segments=(Segment(start=0, raw_start=0, length=len(text)),),
                               published=gold.get("published"))
        actors, quotes = _oracle(text, gold, article)
        stances = detect_stances(nlp(text), article, actors, quotes, codebook)
        lines.append(_line(path.name, stances))
    return _run_scorer(shared, gold_dir, lines, tmp_path)


def _line(source: str, stances) -> str:
    return json.dumps({"source": source, "quotes": [], "removed_lines": [],
                       "stances": [{"actor": s.actor, "proposition": s.proposition, "polarity": s.polarity,
                                    "evidence": s.evidence, "confidence": s.confidence} for s in stances]})


def _run_scorer(shared: Path, gold_dir: Path, lines: list[str], tmp_path: Path) -> dict:
    out = tmp_path / "system.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _scorer(shared).score(gold_dir, out)["stances"]


@pytest.mark.model
@pytest.mark.shared
def test_eval_seeds_with_oracle_actors_and_quotes(nlp, shared, tmp_path):
    result = _score_oracle(nlp, shared / "seeds", shared, tmp_path)
    assert result["gold"] > 0
    assert result["f1"] >= SEEDS_ORACLE_FLOOR, result


@pytest.mark.model
@pytest.mark.shared
def test_eval_seeds_with_the_real_pipeline(nlp, shared, tmp_path):
    result = _score_pipeline(nlp, shared / "seeds", shared, tmp_path)
    assert result["f1"] >= SEEDS_PIPELINE_FLOOR, result


def _score_pipeline(nlp, gold_dir: Path, shared: Path, tmp_path: Path) -> dict:
    """Scores of the stances found after the real clean, nlp and actors stages."""
    from stancemap.clean import clean_article, find_common_lines
    from stancemap.nlp import harvest

    codebook = load_codebook(gold_dir / "codebook.yaml")
    raws = [RawArticle(source=p.name, path=str(p), text=p.read_text(encoding="utf-8"))
            for p in sorted(gold_dir.glob("*.txt"))]
    common = find_common_lines(raw.text for raw in raws) if len(raws) >= 5 else frozenset()
    lines = []
    for raw in raws:
        article = clean_article(raw, common_lines=common)
        doc = nlp(article.text)
        actors, quotes = harvest(doc, article)
        lines.append(_line(raw.source, detect_stances(doc, article, actors, quotes, codebook)))
    return _run_scorer(shared, gold_dir, lines, tmp_path)


@pytest.mark.model
@pytest.mark.shared
def test_eval_demo_corpus_with_oracle_actors_and_quotes(nlp, shared, demo_corpus, tmp_path):
    if not (demo_corpus / "codebook.yaml").exists() or not any(demo_corpus.glob("*.json")):
        pytest.skip(f"no demo corpus with gold at {demo_corpus}")
    result = _score_oracle(nlp, demo_corpus, shared, tmp_path)
    assert result["f1"] >= DEMO_ORACLE_FLOOR, result


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.xfail(reason="stance F1 on the demo corpus with oracle actors is below its 0.80 target "
                          "(0.759)", strict=True)
def test_eval_demo_corpus_reaches_target(nlp, shared, demo_corpus, tmp_path):
    result = _score_oracle(nlp, demo_corpus, shared, tmp_path)
    assert result["f1"] >= DEMO_ORACLE_TARGET, result


@pytest.mark.model
@pytest.mark.shared
def test_eval_demo_corpus_with_the_real_pipeline_reaches_target(nlp, shared, demo_corpus, tmp_path):
    if not (demo_corpus / "codebook.yaml").exists() or not any(demo_corpus.glob("*.json")):
        pytest.skip(f"no demo corpus with gold at {demo_corpus}")
    result = _score_pipeline(nlp, demo_corpus, shared, tmp_path)
    assert result["f1"] >= DEMO_PIPELINE_TARGET, result
