"""Near-duplicate and syndicated copies: exact and near groups, false groups, originals, order."""

from __future__ import annotations

import random

import pytest

from stancemap.clean import clean_article
from stancemap.clean.duplicates import (
    MIN_SHINGLES,
    DuplicateGroup,
    DuplicateIndex,
    find_duplicate_groups,
    shingle_hashes,
)
from stancemap.model import RawArticle, content_id

# A small vocabulary of one debate, so that unrelated articles share stock phrases as real
# coverage of one topic does.
SUBJECTS = ["The minister", "The opposition leader", "A spokesman for the council", "The mayor",
            "Union officials", "The energy company", "Local residents", "The committee chair",
            "Industry groups", "The think tank", "Several lawmakers", "The regulator"]
VERBS = ["said", "warned", "argued", "told reporters", "insisted", "claimed", "repeated",
         "suggested", "wrote in a statement", "admitted"]
CLAIMS = ["the pipeline would raise prices", "the plan was the best deal available",
          "the vote should be delayed", "the project had been rushed", "the route was safe",
          "the costs were far higher than promised", "the fishing grounds would suffer",
          "the supply guarantee was worthless", "new storage was needed first",
          "a referendum was the only fair way", "jobs in the port depended on it",
          "the report ignored decades of deliveries", "the bay could not absorb the works"]
WHEN = ["on Monday", "on Tuesday", "last week", "in March", "after the hearing", "at a rally",
        "in parliament", "during the debate", "in an interview", "before the vote"]
PLACES = ["Sarnholm", "Kessel Bay", "Varde", "the capital", "the port town", "Osterland",
          "the northern district", "the coastal villages", "Lindvik", "the fishing harbour"]
NAMES = ["Anna Berg", "Tomas Rieger", "Mira Stenholt", "Bartol Krenz", "Corinna Vale", "Ivo Hald",
         "Petra Lunde", "Jonas Arvik", "Sara Nyholm", "Erik Dahl", "Lena Falk", "Oskar Brandt"]
EXTRA = ["and added that talks would continue", "but gave no figures",
         "while critics called the claim misleading", "citing figures from the ministry",
         "as protesters gathered outside", "and called for an independent review"]


def sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    if rng.random() < 0.5:
        subject = f"{subject}, {rng.choice(NAMES)},"
    text = (f"In {rng.choice(PLACES)}, {subject} {rng.choice(VERBS)} {rng.choice(WHEN)} "
            f"that {rng.choice(CLAIMS)}")
    if rng.random() < 0.6:
        text += f", {rng.choice(EXTRA)}"
    return text + "."


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def article(seed: int, paragraphs: int = 8) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng) for _ in range(paragraphs)]


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def groups_of(groups: list[DuplicateGroup]) -> set[frozenset[str]]:
    return {frozenset(g.members) for g in groups}


def test_shingles_are_deterministic_and_order_sensitive():
    a, words = shingle_hashes("one two three four five six", 4)
    assert words == 6 and len(a) == 3
    assert list(a) == list(shingle_hashes("ONE  two\nthree, four five six", 4)[0])
    assert set(a) != set(shingle_hashes("six five four three two one", 4)[0])
    assert len(shingle_hashes("one two three", 4)[0]) == 0


def test_exact_copy_groups_as_exact():
    text = body(article(1))
    copy = "  " + text.upper().replace("\n\n", "\n \n") + "\n"  # whitespace and case differ only
    groups = find_duplicate_groups([("a", text, "2026-03-10"), ("b", copy, "2026-03-11"),
                                    ("c", body(article(2)), "2026-03-10")])
    assert len(groups) == 1
    (group,) = groups
    assert group.members == ("a", "b")
    assert group.kind == "exact"
    assert dict(group.similarity) == {"a": 1.0, "b": 1.0}


def test_edited_copy_with_paragraph_cut_groups_as_near():
    original = article(3, paragraphs=10)
    copy = ["Residents fear for the bay as vote nears", "By Anna Berg, Coast Courier"]
    copy += original[:4] + original[5:]  # one paragraph cut
    copy.append("The Courier contacted the ministry for comment.")
    items = [("wire", body(original), "2026-03-10"), ("courier", body(copy), "2026-03-11")]
    groups = find_duplicate_groups(items)
    assert len(groups) == 1
    group = groups[0]
    assert group.kind == "near"
    assert group.members == ("wire", "courier")
    assert group.original == "wire" and group.copies == ("courier",)
    jaccard = dict(group.similarity)["courier"]
    assert 0.7 < jaccard < 1.0
    assert dict(group.containment)["courier"] > 0.9
    assert group.id == content_id("duplicates", "courier", "wire")


def test_heavily_cut_copy_still_groups_by_containment():
    original = article(4, paragraphs=12)
    copy = original[2:8]  # half the story, as a short pick-up of the wire text
    groups = find_duplicate_groups([("long", body(original), "2026-03-10"),
                                    ("short", body(copy), "2026-03-10")])
    assert groups_of(groups) == {frozenset({"long", "short"})}
    group = groups[0]
    assert group.members[0] == "long"  # same day: the longer one is the original
    assert dict(group.containment)["short"] > 0.95
    assert dict(group.similarity)["short"] < 0.6


def test_same_topic_articles_sharing_a_quote_do_not_group():
    quote = ("\"We will not let a foreign supplier decide whether our homes are warm in winter, "
             "and we will not be rushed into a decision that binds our children for thirty "
             "years,\" "
             "the opposition leader told a crowd of several thousand outside parliament.")
    a = article(5)
    b = article(6)
    a.insert(2, quote)
    b.insert(5, quote)
    items = [("a", body(a), "2026-03-10"), ("b", body(b), "2026-03-10")]
    index = DuplicateIndex()
    for article_id, text, published in items:
        index.add(article_id, text, published=published)
    assert index.groups() == []
    # The same pair does group once almost everything is shared: the check can fail.
    assert groups_of(find_duplicate_groups(items + [("c", body(a[:-1]), None)])) == {
        frozenset({"a", "c"})}


def test_many_articles_on_one_topic_do_not_group():
    items = [(f"art{i:02d}", body(article(100 + i)), "2026-03-10") for i in range(60)]
    assert find_duplicate_groups(items) == []


def test_short_texts_do_not_group():
    short = "The minister said on Monday that the plan was the best deal available."
    other = "The minister said on Monday that the plan was the best deal available, and left."
    items = [("s1", short, None), ("s2", short, None), ("s3", other, None),
             ("empty1", "", None), ("empty2", "  ", None)]
    assert len(shingle_hashes(other)[0]) < MIN_SHINGLES
    assert find_duplicate_groups(items) == []
    # With the floor lowered the same texts do group: the floor is what keeps them apart.
    assert frozenset({"s1", "s2", "s3"}) in groups_of(find_duplicate_groups(items, min_shingles=1))


def test_original_is_earliest_published_then_longest():
    original = article(7, paragraphs=10)
    items = [
        ("b-late", body(original[:-1]), "2026-03-12"),
        ("c-undated", body(original), None),
        ("d-early-short", body(original[1:]), "2026-03-09"),
        ("a-early-long", body(original), "2026-03-09"),
    ]
    (group,) = find_duplicate_groups(items)
    assert group.members == ("a-early-long", "d-early-short", "b-late", "c-undated")
    assert group.kind == "near"  # exact and near members together
    assert dict(group.similarity)["c-undated"] == 1.0


def test_add_reports_earlier_copies():
    original = body(article(8))
    index = DuplicateIndex()
    assert index.add("x", original, published="2026-03-10") == []
    assert index.add("y", body(article(9)), published="2026-03-10") == []
    assert index.add("x2", original) == ["x"]
    assert index.add("x3", original + "\n\nOne more closing line from the editors.") == ["x", "x2"]
    assert len(index) == 4 and "x3" in index
    with pytest.raises(ValueError):
        index.add("x", original)
    (group,) = index.groups()
    assert group.members == ("x", "x3", "x2")  # both undated: the longer copy comes first
    assert set(index.group_of()) == {"x", "x2", "x3"}


def test_groups_are_deterministic_in_any_order():
    items = []
    for n in range(12):
        paras = article(200 + n, paragraphs=9)
        items.append((f"o{n}", body(paras), f"2026-03-{10 + n % 5:02d}"))
        if n % 3 == 0:
            items.append((f"c{n}", body(paras[:3] + paras[4:]), "2026-03-20"))
        if n % 4 == 0:
            items.append((f"e{n}", body(paras), "2026-03-21"))
    first = find_duplicate_groups(items)
    assert len(first) == 6  # o0 o3 o4 o6 o8 o9 have copies; o0 has both kinds
    for seed in range(5):
        shuffled = list(items)
        random.Random(seed).shuffle(shuffled)
        assert find_duplicate_groups(shuffled) == first
        index = DuplicateIndex()
        for article_id, text, published in shuffled:
            index.add(article_id, text, published=published)
        assert index.groups() == first


def test_demo_corpus_groups_only_the_syndicated_pair(demo_corpus):
    items = []
    for path in sorted(demo_corpus.glob("*.txt")):
        cleaned = clean_article(RawArticle(source=path.name, path=str(path),
                                           text=path.read_text(encoding="utf-8")))
        items.append((path.stem[:2], cleaned.body, cleaned.published))
    assert len(items) == 15
    groups = find_duplicate_groups(items)
    assert groups_of(groups) == {frozenset({"08", "09"})}
    (group,) = groups
    assert group.kind == "near"
    assert group.members == ("08", "09")  # the agency story (10 March) before the Herald's copy
    assert 0.3 < dict(group.similarity)["09"] < 0.6
