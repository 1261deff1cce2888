"""The statements of an article a stance coder reads, each with the actors it is attributed to.

A *statement* is one sentence of the article with its *holders*: the actors the sentence
attributes what it says to. As a Discourse Network Analyzer coder reads a text, that is

- the speaker of a quote, for every sentence the quote covers ("We will fight back," Sheinbaum
  said -> Sheinbaum), and
- in the reporter's narration, the actor the sentence makes the agent of its position: the subject
  of a clause ("The union pushed to scrap the levy", "Denmark and Greenland reject these
  efforts" -> both), or the agent of a passive ("the bill was vetoed by the governor"), and
- the members a sentence lists for a group that is the clause's agent ("Six MPs backed it,
  including Ann Lee and Tom Reed"; "Supporters include Ann Lee"; "opposed by unions such as
  Unite"; "Four MPs backed the bill: Ann Lee, Tom Reed ..."), but never the members of an object
  ("tariffs on countries including Canada").

Holders come from the actors stage (:mod:`stancemap.nlp.components.speakers` resolved names,
roles and pronouns to actors, and :func:`stancemap.nlp.harvest.harvest` gives their mentions);
this module only reads where in the sentence each mention sits. Never a holder: the outlet that
publishes the article, an actor that only reports ("Reuters reported that ..."), an actor named
inside someone else's quote, a possessor ("Trump's tariffs": the sentence is not Trump's) or the
object of the clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stancemap.actors.keys import actor_key
from stancemap.model import Actor, CleanArticle, Quote
from stancemap.nlp.sents import sentence_of

# Dependency labels of a mention's head that make it the clause's agent: the subject, or the
# object of "by" in a passive. Passive subjects ("the bill was vetoed") undergo the act.
AGENT_DEPS = frozenset({"nsubj", "csubj"})
# Labels climbed from a mention's root to the noun phrase it names part of ("UAW President
# Shawn Fain": Fain is a flat name inside the subject; "Denmark and Greenland": a conjunct).
PHRASE_DEPS = frozenset({"compound", "appos", "conj", "flat", "nmod"})
# Verbs whose subject reports rather than holds ("the Guardian reported that ..."): the holder of
# the reported content is whoever the content names, not the reporter.
REPORT_ONLY_LEMMAS = frozenset({"report", "cite", "publish", "reveal", "learn", "obtain"})
# Words that introduce the members of a group: "MPs, including Ann Lee", "unions such as Unite",
# "critics like Tom Reed". Their group must be the clause's agent (the subject noun, the agent of a
# passive, or the verb whose subject is a common noun or a number) for the members to hold its position.
MEMBER_PREPS = frozenset({"including", "like", "as", "among"})
# "Supporters include Ann Lee": the object of this verb lists members of its subject.
MEMBER_VERBS = frozenset({"include"})
# A sentence longer than this (characters) is read in its first part only: scraped pages run
# paragraphs together without full stops. Value: about 3x the median dev sentence.
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class Holder:
    """An actor a statement is attributed to, and how."""

    name: str
    actor_id: str
    via: str  # quote | subject | agent | member
    quote: Quote | None = None


@dataclass(frozen=True)
class Statement:
    """One sentence and the actors it is attributed to."""

    text: str
    start: int  # cleaned offsets of the sentence
    end: int
    holders: tuple[Holder, ...]


def find_statements(doc, article: CleanArticle, actors: Sequence[Actor],
                    quotes: Sequence[Quote]) -> list[Statement]:
    """Every sentence of the article with at least one holder, in text order."""
    text = article.text
    outlet = actor_key(article.outlet) if article.outlet else None
    by_id = {a.id: a for a in actors}
    quoted = sorted((q.start, q.end, q) for q in quotes if q.actor_id in by_id)
    mentions = sorted(((m.start, m.end, a) for a in actors for m in a.mentions), key=lambda x: x[0])
    out: list[Statement] = []
    for sent in dict.fromkeys(sentence_of(doc)):  # token -> sentence, in order, once each
        s_start, s_end = sent.start_char, sent.end_char
        if s_start < article.body_start and article.body_start < len(text):
            continue  # the headline: a title is the outlet's framing
        holders: dict[str, Holder] = {}
        for q_start, q_end, quote in quoted:
            if q_start < s_end and q_end > s_start:
                actor = by_id[quote.actor_id]
                holders.setdefault(actor.id, Holder(actor.name, actor.id, "quote", quote))
        for m_start, m_end, actor in mentions:
            if m_start < s_start or m_end > s_end or actor.id in holders:
                continue
            if outlet and actor_key(actor.name) == outlet:
                continue
            if any(q_start <= m_start < q_end for q_start, q_end, _ in quoted):
                continue  # named inside someone's quote
            via = _agent_role(doc, m_start, m_end)
            if via:
                holders.setdefault(actor.id, Holder(actor.name, actor.id, via))
        if holders:
            while s_start < s_end and text[s_start].isspace():
                s_start += 1
            while s_end > s_start and text[s_end - 1].isspace():
                s_end -= 1
            out.append(Statement(text=text[s_start:min(s_end, s_start + MAX_SENTENCE_CHARS)], start=s_start,
                                 end=s_end, holders=tuple(holders.values())))
    return out


def _agent_role(doc, start: int, end: int) -> str | None:
    """"subject" or "agent" when the mention at [start, end) is its clause's agent, "member" when
    it is listed as a member of a group that is the clause's agent, else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    chain = [token]
    for _ in range(8):  # climb out of the noun phrase the mention is part of
        if token.dep_ in PHRASE_DEPS and token.head.i != token.i and token.head.pos_ in ("PROPN", "NOUN"):
            token = token.head
            chain.append(token)
        else:
            break
    if token.dep_ in AGENT_DEPS:
        verb = token.head
        if verb.lemma_.lower() in REPORT_ONLY_LEMMAS:
            return None
        return "subject"
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return "agent"
    return "member" if any(_lists_group_members(t) for t in chain) else None


def _lists_group_members(token) -> bool:
    """Whether ``token`` heads a list of members of a group that is the clause's agent."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in MEMBER_PREPS:
        group = head.head
        if group.lower_ == "such":  # "unions such as Unite": "as" hangs on "such"
            group = group.head
        if group.dep_ in AGENT_DEPS and group.pos_ in ("NOUN", "NUM"):
            return True
        if group.dep_ == "pobj" and group.head.dep_ == "agent":
            return True
        if group.pos_ in ("VERB", "AUX"):
            return _group_subject(group) is not None
        # "Six MPs backed the bill, including ...": after a comma the list is the clause's, whatever
        # noun the parser hung it on
        if group.dep_ == "dobj" and head.i > 0 and head.doc[head.i - 1].text == ",":
            return _group_subject(group.head) is not None
        return False
    if token.dep_ in ("dobj", "attr") and head.lemma_.lower() in MEMBER_VERBS:
        return _group_subject(head) is not None
    if token.dep_ == "appos" and _list_after_colon(token):
        root = token.sent.root
        return root.pos_ in ("VERB", "AUX") and _group_subject(root) is not None
    return False


def _group_subject(verb):
    """The verb's subject when it names a group: a common noun, a number or a plural name ("six MPs",
    "four", "House Republicans"), else None."""
    for child in verb.children:
        if child.dep_ in AGENT_DEPS and (child.pos_ in ("NOUN", "NUM") or child.tag_ == "NNPS"):
            return child
    return None


def _list_after_colon(token) -> bool:
    """Whether the appositive list that ``token`` heads follows a colon: "...: Ann Lee, Tom Reed"."""
    first = min(t.i for t in token.subtree)
    return first > 0 and token.doc[first - 1].text == ":"
