"""Scope rules of the stance rules: small named tests of where a position does not reach.

Each rule is a predicate over the dependency parse, registered under a name in :data:`RULES`
with the example it was written for; ``tests/stance/test_scope.py`` holds a table of invented
sentences for each. A rule can be switched off for measuring (``STANCEMAP_RULES_OFF=name,name``,
used by bench/ablate_rules.py): a rule that is off answers as if it did not apply.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import (
    ATTITUDES, CONDITION_WORDS, FALL_VERBS, REPORTING_VERBS, RISE_VERBS, THRESHOLD_PREPS, _in_set, _lex
)
from .targets import Profile, _stem


@dataclass(frozen=True)
class ScopeRule:
    """A named scope rule: what it says, and the test it runs (None: read inline in detect)."""

    name: str
    summary: str
    test: Callable | None = None


# The environment variable that switches rules off for measuring their effect.
RULES_OFF_ENV = "STANCEMAP_RULES_OFF"
# Names of the rules switched off in this process (read once at import; tests patch it).
OFF: frozenset[str] = frozenset(n.strip() for n in os.environ.get(RULES_OFF_ENV, "").split(",") if n.strip())
RULES: dict[str, ScopeRule] = {}


def active(name: str) -> bool:
    """Whether the rule ``name`` applies (it is registered and not switched off)."""
    if name not in RULES:
        raise KeyError(f"no scope rule named {name!r}")
    return name not in OFF


def _register(name: str, summary: str, neutral=False):
    """Register a predicate as the rule ``name``; switched off, it answers ``neutral``."""
    def wrap(fn):
        def rule(*args):
            return neutral if name in OFF else fn(*args)
        rule.__name__, rule.__doc__ = fn.__name__, fn.__doc__
        RULES[name] = ScopeRule(name, summary, rule)
        return rule
    return wrap


def _inline(name: str, summary: str) -> None:
    RULES[name] = ScopeRule(name, summary)


_inline("circumstance", "a target inside a phrase of time or manner (\"until the day before the vote\") "
        "is no position")
_inline("hedge", "a target under a hedge or open question (\"whether\", \"might\", \"unclear\") is no position")
_inline("acceptance", "\"X accepted that P\" acknowledges a fact: no position of X on P")
_inline("unless-condition", "\"X opposes P unless Y\": a conditional position on P and a demand for Y")
_inline("conditional-clause", "a position held only under an \"if\"/\"unless\" clause is left out")
_inline("contrast", "\"X, not Y\": the negation is Y's only")
_inline("denied-opposition", "\"did not recommend rejecting it\", \"no objection to it\": not opposing is "
        "no support")


@_register("threshold-condition", "\"would not support X if Y fell below N\" is a demand that Y stays at or above N", neutral=0)
def _threshold(verb) -> int:
    """-1 for a clause of something falling below a number ("the stake fell below 51 percent"),
    +1 for rising above one, 0 otherwise."""
    lemma = verb.lemma_.lower()
    if lemma not in FALL_VERBS and lemma not in RISE_VERBS:
        return 0
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in THRESHOLD_PREPS and any(t.like_num for t in prep.subtree):
            direction = THRESHOLD_PREPS[prep.lower_]
            if lemma in (FALL_VERBS if direction < 0 else RISE_VERBS):
                return direction
    return 0


@_register("described-actor", "a clause describing a named actor gives way to the sentence's own statement")
def _in_description(token) -> bool:
    """Whether ``token`` lies in a relative clause about a name ("Vale, who has campaigned
    against the landfall, ...")."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("relcl", "acl") and node.head.pos_ == "PROPN":
            return True
        node = node.head
    return False


@_register("conditional-attitude", "an attitude holding only under an \"if\"/\"unless\" condition is left out")
def _conditional(token) -> bool:
    """Whether the clause of ``token`` (or the clause it completes: "voted to [oppose]") holds
    only under an "if" or "unless" condition."""
    node = token
    for _ in range(3):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                         for m in c.children) for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "acomp", "prep", "pobj", "dobj") or node.head.i == node.i:
            return False
        node = node.head
    return False


@_register("provided-condition", "\"..., provided X\": a condition like \"if\"")
def _condition_word(token) -> bool:
    """A "provided (that)" or "providing" that opens a condition after a comma (the parse makes it
    a preposition or a conjunct as often as a marker)."""
    return token.lower_ in CONDITION_WORDS and token.dep_ in ("prep", "mark", "advcl", "conj") \
        and token.i > 0 and token.doc[token.i - 1].text == ","


@_register("negated-reason", "\"we do not oppose it because ...\": the reason is denied, not the attitude")
def _negated_reason(token) -> bool:
    """"We do not oppose it because it is foreign": the negation denies the reason, not the
    attitude."""
    return any(c.dep_ == "neg" for c in token.children) and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "because" for m in c.children)
        for c in token.children)


@_register("excluded-target", "\"without granting it membership\" matches a statement that excludes membership")
def _excluded_in_sentence(token) -> bool:
    """Whether the sentence excludes ``token`` ("without granting it full membership")."""
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in ("without", "except", "excluding", "instead", "short"):
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("pcomp",):
            return False
    return False
