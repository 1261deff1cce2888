"""Targets: which proposition a sentence is about, from the codebook entry alone.

Each proposition gets a :class:`Profile`: the content words of its statement, its keywords and
example sentences, stemmed; capitalised names in the statement are anchors (they add to a match
but cannot make one) and words the statement excludes ("... *without* membership") match only
when the sentence excludes them too. Words shared by several propositions weigh less.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from stancemap.model import Codebook, Proposition

from .lexicon import (
    ATTITUDES, EVALUATIONS, HEDGES, IMPLICIT_TARGETS, NEGATORS, STOPWORDS, _ARTICLES, _EMPTY_VERBS,
    _EXCLUDERS
)


# Weight of a word that reaches a proposition only through an example sentence, relative to a
# word of the statement or keywords.
EXAMPLE_WEIGHT = 0.5


# Weight of a modifier in a run of content words ("security" in "security guarantees").
MODIFIER_WEIGHT = 0.7


_WORD = re.compile(r"[A-Za-z][A-Za-z'’ʼ\-]*|\d+")


_STATEMENT_NEGATION = re.compile(
    r"\b(?:should|must|will|would|can|could|shall|ought to|need to|is|are|be|does|do)\s+(?:not|never)\b"
    r"|n[’'ʼ]t\b|\bcannot\b|^\s*no\b",
    re.IGNORECASE,
)


_SUFFIXES = ("ship", "ment", "ation", "ition", "ion", "ity", "ness", "ing", "ed", "al", "ly")


_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude, consistent stemmer: "membership", "members", "member" -> "member"."""
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and re.search(r"(?:s|x|z|ch|sh)es$", w):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                if suffix in ("ed", "ing") and _DOUBLED.search(w):
                    w = w[:-1]  # "committed" -> "commit"
                changed = True
                break
    return w


@dataclass
class Profile:
    """What a proposition's target looks like in text, derived from the codebook entry."""

    id: str
    negated: bool  # the statement's own predicate is negated ("X should not join")
    factual: bool  # a claim of fact ("X is real") rather than a demand ("X should ...")
    terms: dict[str, float] = field(default_factory=dict)  # stem -> weight (core words)
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)  # stemmed word tuples
    excluded: dict[str, float] = field(default_factory=dict)  # stems the statement excludes
    anchors: set[str] = field(default_factory=set)  # lower-cased names ("nato", "eu")
    support_examples: tuple[frozenset[str], ...] = ()
    oppose_examples: tuple[frozenset[str], ...] = ()
    keywords: set[str] = field(default_factory=set)  # stems the analyst listed as one-word keywords


_LEXICON_STEMS = {_stem(k.split("/")[0]) for k in (*ATTITUDES, *EVALUATIONS)} | {
    _stem(w) for w in NEGATORS | {h.split("/")[0] for h in HEDGES}
}


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’ʼ\-]*|\d+[a-z]?|[(),;:.!?]")


def _names_in(texts: Iterable[str]) -> set[str]:
    """Lower-cased words written capitalised somewhere other than a sentence start."""
    names = set()
    for text in texts:
        tokens = _TOKEN.findall(text)
        for i, word in enumerate(tokens):
            if i > 0 and tokens[i - 1] not in ".!?" and word[:1].isupper():
                names.add(_strip_possessive(word).lower())
            elif word[:1].isupper() and (word.isupper() or re.search(r"['’ʼ]s$", word)):
                names.add(_strip_possessive(word).lower())
    return names


def _strip_possessive(word: str) -> str:
    return re.sub(r"['’ʼ]s$", "", word)


def _content_words(text: str, names: set[str]) -> list[tuple[str, str, float, bool]]:
    """(word, kind, weight, excluded) for each content word of ``text``; kind is "name",
    "number" or "word"; a modifier in a run of content words ("security" in "security
    guarantees") weighs less than the run's head."""
    tokens = _TOKEN.findall(text)
    out: list[tuple[str, str, float, bool]] = []
    excluding = False
    run: list[int] = []  # indexes into out of the current run of plain content words

    def close_run() -> None:
        for k in run[:-1]:
            word, kind, _w, excl = out[k]
            out[k] = (word, kind, MODIFIER_WEIGHT, excl)
        run.clear()

    for i, token in enumerate(tokens):
        low = token.lower().replace("’", "'").replace("ʼ", "'")
        if not token[:1].isalnum():
            close_run()
            if token in ".;:!?":
                excluding = False
            continue
        bare = _strip_possessive(token)
        is_name = bare.lower() in names and token[:1].isupper()
        if low in _EXCLUDERS and not is_name:
            close_run()
            excluding = True
            continue
        if low in STOPWORDS and not is_name:
            close_run()
            continue
        if token[:1].isdigit():
            close_run()
            out.append((token, "number", 1.0, excluding))
        elif is_name:
            close_run()
            out.append((bare, "name", 1.0, excluding))
        else:
            run.append(len(out))
            out.append((bare, "word", 1.0, excluding))
    close_run()
    return out


def build_profile(proposition: Proposition, names: set[str] | None = None) -> Profile:
    """Derive the target words of one proposition from its statement, keywords and examples.

    ``names`` are the lower-cased words that count as names (anchors); by default, the words
    the proposition's own texts write capitalised mid-sentence.
    """
    statement = proposition.statement
    if names is None:
        names = _names_in([statement, *proposition.keywords, *proposition.support_examples,
                           *proposition.oppose_examples])
    main = re.split(r"\bwithout\b", statement, maxsplit=1, flags=re.IGNORECASE)[0]
    negated = bool(_STATEMENT_NEGATION.search(main))
    factual = not re.search(r"\b(should|must|ought|need to|has to|have to)\b", main, re.IGNORECASE)
    profile = Profile(id=proposition.id, negated=negated, factual=factual)

    def add(stem: str, weight: float, into: dict[str, float]) -> None:
        if stem and stem not in _LEXICON_STEMS and weight > into.get(stem, 0.0):
            into[stem] = weight

    words = _content_words(statement, names)
    for k, (word, kind, weight, excluded) in enumerate(words):
        stem = _stem(word)
        if kind == "number":
            continue
        if kind == "name":
            # "Article 5" / "Section 230": a name with a number is the topic itself, not an actor.
            if k + 1 < len(words) and words[k + 1][1] == "number":
                profile.phrases[(stem, words[k + 1][0].lower())] = 1.0
            else:
                profile.anchors.add(word.lower())
            continue
        if (word.lower() in IMPLICIT_TARGETS or word.lower() in _EMPTY_VERBS) and not excluded:
            continue  # "the decision", "put to": too generic to name the proposition by itself
        target = profile.excluded if excluded else profile.terms
        add(stem, weight, target)
        for part in re.split(r"[-/]", word):
            if part and part.lower() not in STOPWORDS and part != word:
                add(_stem(part), weight, target)
    for keyword in proposition.keywords:
        kw = _content_words(keyword, set())
        tokens = [_stem(w) if kind != "number" else w.lower() for w, kind, _w, _e in kw]
        words = [w for w in _WORD.findall(keyword) if w.lower() not in _ARTICLES]
        if len(tokens) == 1 and len(words) > 1:
            # "vote against", "ask for": the function word is part of what the keyword names
            tokens = [_stem(w) if not w[:1].isdigit() else w.lower() for w in words]
        if len(tokens) > 1:
            profile.phrases[tuple(tokens)] = 1.0
        elif tokens:
            add(tokens[0], 1.0, profile.terms)
            profile.keywords.add(tokens[0])
    examples = []
    for sentences in (proposition.support_examples, proposition.oppose_examples):
        bags = []
        for sentence in sentences:
            bag = frozenset(_stem(w) for w in _WORD.findall(sentence) if w.lower() not in STOPWORDS)
            bags.append(bag)
            for word, kind, weight, _excluded in _content_words(sentence, names):
                if kind == "word":
                    add(_stem(word), EXAMPLE_WEIGHT * weight, profile.terms)
        examples.append(tuple(bags))
    profile.support_examples, profile.oppose_examples = examples
    return profile


def build_profiles(codebook: Codebook, names: Iterable[str] = ()) -> list[Profile]:
    """Profiles for every proposition, with words shared across propositions weighted down.

    ``names`` are extra lower-cased words to read as names (anchors) rather than target words,
    e.g. the entity words of the article ("Riverton" opening a statement is a name).
    """
    names = set(names) | _names_in(
        text
        for p in codebook.propositions
        for text in (p.statement, *p.keywords, *p.support_examples, *p.oppose_examples)
    )
    profiles = [build_profile(p, names) for p in codebook.propositions]
    n = len(profiles)
    df: dict[str, int] = {}
    for profile in profiles:
        for stem in profile.terms:
            df[stem] = df.get(stem, 0) + 1
    owners: dict[str, int] = {}
    for profile in profiles:
        for stem in profile.keywords:
            owners[stem] = owners.get(stem, 0) + 1
    for profile in profiles:
        for table in (profile.terms, profile.excluded):
            for stem, weight in table.items():
                if table is profile.terms and stem in profile.keywords and owners[stem] == 1:
                    continue  # a keyword of this proposition alone names it, whoever else uses the word
                table[stem] = weight * _idf(df.get(stem, 1), n)
        for phrase in profile.phrases:
            shared = sum(1 for p in profiles if phrase in p.phrases)
            profile.phrases[phrase] = _idf(shared, n)
    return profiles


def _idf(df: int, n: int) -> float:
    # 1.0 for a word only one proposition has; less the more propositions share it.
    return math.log((n + 1) / (df + 0.5)) / math.log((n + 1) / 1.5) if n > 1 else 1.0
