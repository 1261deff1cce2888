"""The bundled demo corpus: its gold annotations must agree with the raw texts.

Every ``NN_slug.json`` in ``stancemap/demo/corpus`` is gold in the format of the shared
``eval/SCHEMA.md`` for the article ``NN_slug.txt`` beside it, and ``codebook.yaml`` holds the
debate's propositions. These tests check that the gold can be scored: every string it quotes from
the article is there, every name it uses is declared, every date is a date, and the corpus as a
whole covers what the accuracy tests need (outlets, propositions with both polarities).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[2] / "stancemap" / "demo" / "corpus"
STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))

GOLD_KEYS = {"id", "url", "outlet", "title", "published", "noise_lines", "repeated_paragraphs",
             "actors", "quotes", "stances"}
ACTOR_TYPES = {"person", "organization", "country"}
QUOTE_TYPES = {"direct", "indirect"}
POLARITIES = {"support", "oppose"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A direct quote split by its cue ('"A," she said. "B."') is one gold entry "A. B.": its pieces
# must occur in order, each within MAX_CUE_GAP characters of the previous one (room for the cue),
# separated in the gold text only by punctuation, quote marks and spaces.
MAX_CUE_GAP = 160
MAX_PIECES = 4
MIN_PIECE = 3
OPENING_MARKS = "\"\u201c"
CLOSING_MARKS = "\"\u201d"
SEPARATORS = " \n.,;:!?\"\u201c\u201d\u2018\u2019'"

# Repeated paragraphs are counted as the cleaner does: lines of at least this many words.
REPEAT_MIN_WORDS = 4
# Body length in words (headline and noise lines excluded).
MIN_BODY_WORDS, MAX_BODY_WORDS = 250, 800


def _raw(stem: str) -> str:
    return (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")


def _gold(stem: str) -> dict:
    return json.loads((CORPUS / f"{stem}.json").read_text(encoding="utf-8"))


def _codebook() -> dict:
    return yaml.safe_load((CORPUS / "codebook.yaml").read_text(encoding="utf-8"))


def _proposition_ids() -> set[str]:
    return {p["id"] for p in _codebook()["propositions"]}


def _valid_date(value) -> bool:
    if value is None:
        return True
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _covers(text: str, raw: str, i: int = 0, after: int | None = None, depth: int = 0) -> bool:
    """True when ``text`` is made of at most MAX_PIECES ordered pieces of ``raw`` (see MAX_CUE_GAP).

    The first piece must open right after a quotation mark and the last must end right before a
    closing mark (possibly after a comma or period), as the words of a direct quote do.
    """
    if i >= len(text):
        return depth > 0 and any(m in raw[after:after + 2] for m in CLOSING_MARKS)
    if depth >= MAX_PIECES:
        return False
    for j in range(len(text), i + MIN_PIECE - 1, -1):
        piece = text[i:j]
        start = 0 if after is None else after
        positions = []
        pos = raw.find(piece, start)
        while pos != -1 and (after is None or pos - after <= MAX_CUE_GAP):
            if depth > 0 or (pos > 0 and raw[pos - 1] in OPENING_MARKS):
                positions.append(pos)
            pos = raw.find(piece, pos + 1)
        if not positions:
            continue
        k = j
        while k < len(text) and text[k] in SEPARATORS:
            k += 1
        return any(_covers(text, raw, k, p + len(piece), depth + 1) for p in positions)
    return False


def _stripped_lines(raw: str) -> set[str]:
    return {line.strip() for line in raw.splitlines() if line.strip()}


def _body_lines(stem: str) -> list[str]:
    gold = _gold(stem)
    skip = set(gold["noise_lines"]) | {gold["title"]}
    return [line.strip() for line in _raw(stem).splitlines() if line.strip() and line.strip() not in skip]


def _date_forms(day: dt.date) -> list[str]:
    """Ways the articles state a publication date."""
    month = day.strftime("%B")
    return [day.isoformat(), f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
            day.strftime("%d/%m/%Y"), day.strftime("%d.%m.%Y")]


# -- the matcher itself must be able to fail -----------------------------------------------------

def test_covers_accepts_split_quotes_and_rejects_others():
    raw = '\u201cWe will not be rushed,\u201d she said. \u201cThis is a decision for a generation.\u201d\nOther text.'
    assert _covers("We will not be rushed. This is a decision for a generation.", raw)
    assert _covers("We will not be rushed", raw)
    assert not _covers("We will not be hurried. This is a decision for a generation.", raw)
    assert not _covers("This is a decision for a generation. We will not be rushed.", raw)
    assert not _covers("Other text", raw)  # not inside quotation marks
    assert not _covers("will not be rushed", raw)  # does not start at the opening mark


# -- the corpus as a whole -----------------------------------------------------------------------

def test_corpus_files_pair_up():
    texts = {p.stem for p in CORPUS.glob("*.txt")}
    golds = {p.stem for p in CORPUS.glob("*.json")}
    assert texts == golds, f"articles without gold: {sorted(texts - golds)}; gold without article: {sorted(golds - texts)}"
    assert all(re.match(r"^\d{2}_[a-z0-9_]+$", stem) for stem in texts), "name articles NN_slug.txt"


def test_corpus_size():
    assert len(STEMS) >= 15
    outlets = {_gold(stem)["outlet"] for stem in STEMS} - {None}
    assert len(outlets) >= 6, outlets
    assert len(_proposition_ids()) >= 4


def test_codebook_is_well_formed():
    book = _codebook()
    assert isinstance(book.get("name"), str) and book["name"]
    ids = [p["id"] for p in book["propositions"]]
    assert len(ids) == len(set(ids)), "proposition ids must be unique"
    for prop in book["propositions"]:
        assert re.match(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", prop["id"]), prop["id"]
        assert isinstance(prop["statement"], str) and prop["statement"].strip()
        for key in ("keywords", "support_examples", "oppose_examples"):
            assert all(isinstance(x, str) and x for x in prop.get(key, [])), (prop["id"], key)


def test_codebook_loads_with_stancemap():
    from stancemap.stance.codebook import load_codebook

    codebook = load_codebook(CORPUS / "codebook.yaml")
    assert {p.id for p in codebook.propositions} == _proposition_ids()


def test_every_proposition_has_support_and_oppose():
    seen = defaultdict(set)
    for stem in STEMS:
        for stance in _gold(stem)["stances"]:
            seen[stance["proposition"]].add(stance["polarity"])
    for prop in _proposition_ids():
        assert seen[prop] == POLARITIES, f"{prop}: polarities in the corpus {sorted(seen[prop])}"


def test_outlets_repeat_their_boilerplate():
    """Articles of one outlet share at least one noise line (footer, prompt, logo)."""
    by_outlet = defaultdict(list)
    for stem in STEMS:
        gold = _gold(stem)
        by_outlet[gold["outlet"]].append(set(gold["noise_lines"]))
    for outlet, noise_sets in by_outlet.items():
        if len(noise_sets) > 1:
            assert set.intersection(*noise_sets), f"{outlet}: no noise line common to its articles"


def test_some_article_repeats_paragraphs():
    assert any(_gold(stem)["repeated_paragraphs"] > 0 for stem in STEMS)


# -- each article --------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_gold_shape(stem):
    gold = _gold(stem)
    assert set(gold) == GOLD_KEYS, sorted(set(gold) ^ GOLD_KEYS)
    assert gold["id"] == stem
    assert gold["url"] is None or isinstance(gold["url"], str)
    assert gold["outlet"] is None or (isinstance(gold["outlet"], str) and gold["outlet"])
    assert isinstance(gold["repeated_paragraphs"], int) and gold["repeated_paragraphs"] >= 0
    assert _valid_date(gold["published"]), gold["published"]


@pytest.mark.parametrize("stem", STEMS)
def test_title_and_published_come_from_the_text(stem):
    gold, raw = _gold(stem), _raw(stem)
    if gold["title"] is not None:
        assert gold["title"] in _stripped_lines(raw), gold["title"]
        assert gold["title"] not in gold["noise_lines"]
    if gold["published"] is not None:
        forms = _date_forms(dt.date.fromisoformat(gold["published"]))
        assert any(form in raw for form in forms), f"no form of {gold['published']} in the text"


@pytest.mark.parametrize("stem", STEMS)
def test_noise_lines_are_raw_lines(stem):
    lines = _stripped_lines(_raw(stem))
    for line in _gold(stem)["noise_lines"]:
        assert line == line.strip() and line, repr(line)
        assert line in lines, f"not a line of the text: {line!r}"


@pytest.mark.parametrize("stem", STEMS)
def test_repeated_paragraphs_count(stem):
    seen, repeats = set(), 0
    for line in _body_lines(stem):
        key = " ".join(line.split())
        if len(key.split()) < REPEAT_MIN_WORDS:
            continue
        if key in seen:
            repeats += 1
        seen.add(key)
    assert repeats == _gold(stem)["repeated_paragraphs"]


@pytest.mark.parametrize("stem", STEMS)
def test_body_length(stem):
    words = sum(len(line.split()) for line in _body_lines(stem))
    assert MIN_BODY_WORDS <= words <= MAX_BODY_WORDS, words


@pytest.mark.parametrize("stem", STEMS)
def test_actors(stem):
    gold, raw = _gold(stem), _raw(stem)
    names = [a["name"] for a in gold["actors"]]
    assert len(names) == len(set(names)), "actor names must be unique"
    for actor in gold["actors"]:
        assert actor["type"] in ACTOR_TYPES, actor
        assert actor["aliases"], f"{actor['name']}: no surface form"
        for alias in actor["aliases"]:
            assert alias in raw, f"{actor['name']}: alias {alias!r} not in the text"


@pytest.mark.parametrize("stem", STEMS)
def test_quotes(stem):
    gold, raw = _gold(stem), _raw(stem)
    names = {a["name"] for a in gold["actors"]}
    published = gold["published"]
    for quote in gold["quotes"]:
        assert set(quote) == {"speaker", "type", "text", "cue", "date"}, quote
        assert quote["speaker"] in names, f"speaker {quote['speaker']!r} is not a declared actor"
        assert quote["type"] in QUOTE_TYPES, quote
        text = quote["text"]
        assert text and text == text.strip(), quote
        if quote["type"] == "direct":
            assert text[0] not in OPENING_MARKS, f"leave the quotation marks out: {text!r}"
            assert _covers(text, raw), f"direct quote not found between quotation marks: {text!r}"
        else:
            assert text in raw, f"indirect quote not in the text: {text!r}"
            assert not text.lower().startswith("that "), f"start after 'that': {text!r}"
        assert quote["cue"] is None or quote["cue"] in raw, f"cue {quote['cue']!r} not in the text"
        assert _valid_date(quote["date"]), quote
        if quote["date"] and published:
            assert quote["date"] <= published, f"statement dated after publication: {quote}"


@pytest.mark.parametrize("stem", STEMS)
def test_stances(stem):
    gold, raw = _gold(stem), _raw(stem)
    names = {a["name"] for a in gold["actors"]}
    props = _proposition_ids()
    triples = set()
    for stance in gold["stances"]:
        assert set(stance) == {"actor", "proposition", "polarity", "evidence"}, stance
        assert stance["actor"] in names, f"actor {stance['actor']!r} is not a declared actor"
        assert stance["proposition"] in props, stance["proposition"]
        assert stance["polarity"] in POLARITIES, stance
        assert stance["evidence"] in raw, f"evidence not in the text: {stance['evidence']!r}"
        triple = (stance["actor"], stance["proposition"], stance["polarity"])
        assert triple not in triples, f"one entry per (actor, proposition, polarity): {triple}"
        triples.add(triple)
