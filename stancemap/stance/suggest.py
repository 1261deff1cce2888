"""Candidate propositions for a codebook, proposed from the statements of a corpus.

The analyst writes the codebook; this gives a starting list to curate. The key phrases of the
stored quotes (noun chunks and their head nouns, lemmatized, by spaCy) are ranked by how many
distinct actors say something about them; phrases that mostly occur in the same statements, or
that contain a chosen phrase, join it as keywords. Each candidate becomes a codebook entry with a
neutral statement ("<phrase> (support or oppose)") and real statements from the corpus as
examples, split into support and oppose by negation words only (a guess for the analyst to check).
Topics an existing codebook already covers are skipped. Deterministic: the same quotes give the
same output.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import yaml

from stancemap.errors import ModelError
from stancemap.model import Codebook

DEFAULT_TOP = 15
# A topic is worth a proposition when at least this many distinct actors speak about it.
MIN_ACTORS = 2
# A phrase joins a chosen topic when this share of its statements are the topic's statements.
JOIN_OVERLAP = 0.6
MAX_KEYWORDS = 6
MAX_EXAMPLES = 2  # per polarity
MAX_PHRASE_WORDS = 4
EXAMPLE_CHARS = (25, 240)  # preferred length of an example statement
NAMES_IN_COMMENT = 4

# Nouns that name no topic of a debate: who speaks, when, and generic containers.
GENERIC = frozenset("""
people person country government party year month week day time thing way part lot number percent
one side today yesterday tomorrow question issue matter point fact case kind sort minister president
statement word spokesman spokeswoman spokesperson official member someone something everyone everything
""".split())
# Words that make a statement read as opposition, for the support/oppose guess.
_NEGATIVE = re.compile(
    r"\b(?:not|no|never|nothing|against|cannot|can't|won't|don't|doesn't|didn't|isn't|wasn't|"
    r"aren't|shouldn't|mustn't|oppose[sd]?|opposing|reject(?:s|ed)?|mistake|refuse[sd]?)\b"
    r"|n['\u2019]t\b", re.IGNORECASE)
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase:
    """A key phrase of one statement: ``key`` is its lemmas, ``text`` the words as written."""

    key: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One proposed proposition with what backs it."""

    id: str
    phrase: str
    keywords: tuple[str, ...]
    support_examples: tuple[str, ...]
    oppose_examples: tuple[str, ...]
    statements: int  # statements that mention the topic
    actors: tuple[str, ...]  # who makes them, most statements first

    @property
    def statement(self) -> str:
        return f"{self.phrase[:1].upper()}{self.phrase[1:]} (support or oppose)"


@lru_cache(maxsize=2)
def _load(model: str):
    import spacy

    try:
        return spacy.load(model, exclude=["ner"])
    except OSError as err:
        raise ModelError(
            f"spaCy pipeline {model!r} cannot be loaded ({str(err).splitlines()[0][:200]}). Install "
            f"it into this environment, e.g. `python -m pip install {model.replace('_', '-')}`, or "
            f"pass the name of an installed pipeline.") from err
    except (ImportError, ValueError) as err:
        raise ModelError(f"spaCy pipeline {model!r} cannot be loaded: {err}") from err


def extract_phrases(texts: Iterable[str], *, model: str) -> list[list[Phrase]]:
    """The key phrases of each text: every noun chunk (determiners, pronouns, numbers and
    stopwords left out; up to four words) and its head noun."""
    nlp = _load(model)
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        phrases: list[Phrase] = []
        for chunk in doc.noun_chunks:
            tokens = [t for t in chunk if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_stop
                      and not t.like_num and t.is_alpha and len(t.text) > 1]
            if not tokens or chunk.root.pos_ not in ("NOUN", "PROPN"):
                continue
            if len(tokens) <= MAX_PHRASE_WORDS:
                phrases.append(Phrase(key=tuple(_lemma(t) for t in tokens),
                                      text=" ".join(t.text for t in tokens)))
            root = chunk.root
            if len(tokens) > 1 and root in tokens:
                phrases.append(Phrase(key=(_lemma(root),), text=root.text))
        out.append(phrases)
    return out


def _lemma(token) -> str:
    lemma = token.lemma_ if token.pos_ == "NOUN" else token.text
    return lemma.casefold()


def _covered_terms(codebook: Codebook | None) -> set[str]:
    """Lower-case words of the codebook's statements and keywords (with simple plural stripping)."""
    terms: set[str] = set()
    for p in codebook.propositions if codebook else ():
        for text in (p.statement, *p.keywords):
            terms.update(_norm(w) for w in _WORD.findall(text))
    return terms


def _norm(word: str) -> str:
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _slug(text: str) -> str:
    return _SLUG_CHARS.sub("-", text.casefold()).strip("-") or "topic"


def rank_candidates(quotes: Sequence[Mapping], phrases: Sequence[Sequence[Phrase]], *,
                    top: int = DEFAULT_TOP, codebook: Codebook | None = None) -> list[Candidate]:
    """Rank the key phrases of ``quotes`` (``phrases[i]`` belong to ``quotes[i]``) into at most
    ``top`` candidate propositions; phrases whose words an existing ``codebook`` already uses
    are skipped."""
    covered = _covered_terms(codebook)
    statements: dict[tuple[str, ...], set[int]] = defaultdict(set)
    surface: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for i, found in enumerate(phrases):
        for p in found:
            if all(w in GENERIC for w in p.key) or (covered and all(_norm(w) in covered for w in p.key)):
                continue
            statements[p.key].add(i)
            surface[p.key][p.text.casefold() if p.text[:1].islower() else p.text] += 1

    def speakers(indices: Iterable[int]) -> set[str]:
        return {quotes[i]["actor_id"] for i in indices}

    ranked = sorted(statements, key=lambda k: (-len(speakers(statements[k])), -len(statements[k]),
                                                len(k), k))
    chosen: list[dict] = []
    for key in ranked:
        indices = statements[key]
        if len(speakers(indices)) < MIN_ACTORS:
            break
        home = next((c for c in chosen if set(key) & set(c["seed"])
                     or len(indices & c["indices"]) >= JOIN_OVERLAP * len(indices)), None)
        if home is not None:
            if len(home["keys"]) < MAX_KEYWORDS:
                home["keys"].append(key)
            home["indices"] |= indices
            continue
        if len(chosen) < top:
            chosen.append({"seed": key, "keys": [key], "indices": set(indices)})
    candidates: list[Candidate] = []
    used: set[str] = set()
    for c in chosen:
        names = {k: _best(surface[k]) for k in c["keys"]}
        # A longer phrase naming the seed ("majority stake" for "stake") reads better when it
        # carries at least half of the seed's statements.
        seed = c["seed"]
        label = next((k for k in c["keys"] if set(seed) < set(k)
                      and 2 * len(statements[k]) >= len(statements[seed])
                      and len(speakers(statements[k])) >= MIN_ACTORS), seed)
        phrase = names[label]
        slug = base = _slug(phrase)
        n = 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        support, oppose = _examples(quotes, c["indices"])
        candidates.append(Candidate(
            id=slug, phrase=phrase, keywords=tuple(dict.fromkeys(names[k] for k in c["keys"])),
            support_examples=support, oppose_examples=oppose, statements=len(c["indices"]),
            actors=_actor_names(quotes, c["indices"])))
    return candidates


def _best(forms: Counter) -> str:
    return min(forms, key=lambda f: (-forms[f], f))


def _actor_names(quotes: Sequence[Mapping], indices: Iterable[int]) -> tuple[str, ...]:
    counts: Counter = Counter()
    for i in indices:
        q = quotes[i]
        counts[" ".join(str(q.get("actor_name") or q.get("speaker") or q["actor_id"]).split())] += 1
    return tuple(sorted(counts, key=lambda n: (-counts[n], n)))


def _examples(quotes: Sequence[Mapping], indices: Iterable[int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Up to MAX_EXAMPLES statements each that read as support and as opposition, from different
    speakers where possible: direct quotes of a readable length first."""
    lo, hi = EXAMPLE_CHARS

    def rank(i: int) -> tuple:
        q = quotes[i]
        text = " ".join(q["text"].split())
        return (not (lo <= len(text) <= hi), q.get("type") != "direct", abs(len(text) - 100), text)

    picked: dict[bool, list[str]] = {True: [], False: []}
    speakers: dict[bool, set[str]] = {True: set(), False: set()}
    ordered = sorted(indices, key=rank)
    for second_pass in (False, True):
        for i in ordered:
            q = quotes[i]
            text = " ".join(q["text"].split())
            negative = bool(_NEGATIVE.search(text))
            box = picked[negative]
            if len(box) >= MAX_EXAMPLES or text in box:
                continue
            if not second_pass and q["actor_id"] in speakers[negative]:
                continue
            box.append(text)
            speakers[negative].add(q["actor_id"])
    return tuple(picked[False]), tuple(picked[True])


def suggest_propositions(quotes: Sequence[Mapping], *, top: int = DEFAULT_TOP,
                         codebook: Codebook | None = None, model: str) -> list[Candidate]:
    """Candidate propositions from stored quote rows (dicts with ``actor_id`` and ``text``).

    Unattributed quotes are left out; a statement repeated word for word by one speaker (e.g. in
    syndicated copies) counts once.
    """
    seen: set[tuple[str, str]] = set()
    rows = []
    for q in sorted(quotes, key=lambda q: (q.get("published") or "", q.get("source") or "",
                                           q.get("start") or 0, q.get("id") or "")):
        text = " ".join((q.get("text") or "").split())
        if not q.get("actor_id") or not text:
            continue
        key = (q["actor_id"], text.casefold())
        if key in seen:
            continue
        seen.add(key)
        rows.append(q)
    phrases = extract_phrases([" ".join(q["text"].split()) for q in rows], model=model)
    return rank_candidates(rows, phrases, top=top, codebook=codebook)


def to_yaml(candidates: Sequence[Candidate], *, source: str = "the corpus") -> str:
    """The candidates as a codebook (the format of docs/codebook.md), one comment per entry."""
    head = [f"# Candidate propositions suggested by `stancemap codebook suggest` from {_comment(source)}.",
            "# Curate before use: state each as one claim, keep the keywords that name it, and move",
            "# each example to support or oppose by what it says (the split here is a guess).",
            ""]
    if not candidates:
        return "\n".join(head + ["# No topic is discussed by two or more actors.", "propositions: []", ""])
    entries = []
    for c in candidates:
        entry = {"id": c.id, "statement": c.statement, "keywords": list(c.keywords)}
        if c.support_examples:
            entry["support_examples"] = list(c.support_examples)
        if c.oppose_examples:
            entry["oppose_examples"] = list(c.oppose_examples)
        entries.append(entry)
    body = yaml.safe_dump({"name": "Suggested propositions", "propositions": entries},
                          sort_keys=False, allow_unicode=True, width=100)
    comments = iter(_entry_comment(c) for c in candidates)
    lines = []
    for line in body.splitlines():
        if line.startswith("- id: "):
            lines.append(next(comments))
        lines.append(line)
    return "\n".join(head + lines) + "\n"


def _entry_comment(c: Candidate) -> str:
    names = ", ".join(c.actors[:NAMES_IN_COMMENT])
    more = f" (+{len(c.actors) - NAMES_IN_COMMENT} more)" if len(c.actors) > NAMES_IN_COMMENT else ""
    s = "s" if c.statements != 1 else ""
    return _comment(f"# {c.statements} statement{s}, by actors {names}{more}")


def _comment(text: str) -> str:
    return " ".join(str(text).split())
