"""Holders: who takes the position a sentence states.

The actors stage (:mod:`stancemap.nlp.components.speakers`) has already resolved names, roles,
pronouns and metonyms to actors; its mentions are read first. The rules add what a position's
grammar says: the subject or possessor of an attitude word and its conjuncts ("A, B and C
oppose ..."), "including A and B", a person's own group ("his party"), a role with a name in
apposition, and, for names the actors stage missed, the entity as written.
"""

from __future__ import annotations

import re
from functools import cached_property

from stancemap.model import Actor, Quote, content_id
from stancemap.nlp.entities import EntityIndex

from .lexicon import (
    GROUP_NOUNS, NEGATORS, _FIRST_PERSON, _GROUP_TYPES, _HOLDER_LABELS, _PERSON_PRONOUNS,
    _QUANTIFIERS, _RELATIVE_PRONOUNS, _THING_PRONOUNS
)
from .syntax import _governing_verb, _holder_tokens, _reporting_subject, _subject_of


# How far back (characters) a pronoun holder looks for its antecedent when the actors stage gave
# no pronoun mention for it.
PRONOUN_WINDOW = 400


def _actor_id(name: str) -> str:
    try:
        from stancemap.actors import actor_id  # the actors stage's id, when it is installed
    except ImportError:
        return content_id(name.lower())
    return actor_id(name)


def _entity_name(ent) -> str:
    text = ent.text.strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"['’ʼ]s$", "", text)
    return text.strip(" '\"“”")


def _name_key(name: str) -> str:
    text = (name or "").lower().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(re.findall(r"[\w']+", text))


class HolderResolver:
    """The holder-resolution half of the stance rules' per-article context (see detect._Context:
    ``doc``, ``mentions``, ``actors``, ``by_name``, ``quotes`` are set there)."""

    @cached_property
    def entities(self) -> EntityIndex:
        """The doc's entities, read once (``doc.ents`` rebuilds them on every read)."""
        return EntityIndex(self.doc)


    def _holders(self, cue, sent, quote) -> tuple[list[tuple[str, str]], bool]:
        """The actors who hold an attitude word's position (subject, possessor, conjuncts, "A,
        including B and C"), and whether a light verb negates it ("X does not have plans")."""
        heads, light_verb = _holder_tokens(cue)
        light_neg = light_verb is not None and any(
            c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in NEGATORS)
            for c in light_verb.children
        )
        holders: list[tuple[str, str]] = []

        def add(token) -> bool:
            resolved = self._resolve(token, quote)
            if resolved and resolved not in holders:
                holders.append(resolved)
            return resolved is not None

        for head in heads:
            for token in [head, *head.conjuncts]:
                if token.lower_ in _QUANTIFIERS:
                    # "..., leading some to oppose X": "some" of the main clause's subject
                    verb = _governing_verb(token.head)
                    subject = None
                    for _ in range(4):
                        if verb is None:
                            break
                        subject = _subject_of(verb)
                        if subject is not None or verb.head.i == verb.i:
                            break
                        verb = _governing_verb(verb.head)
                    if subject is not None:
                        for t in [subject, *subject.conjuncts]:
                            add(t)
                    continue
                own = self._own_group(token, quote)
                if own:
                    for resolved in own:
                        if resolved not in holders:
                            holders.append(resolved)
                    continue
                if add(token):
                    continue
                # "seven countries, including A, B and C"
                for child in token.children:
                    if child.lower_ in ("including", "include", "like") or (
                        child.lower_ == "as" and child.i > 0 and child.nbor(-1).lower_ == "such"
                    ):
                        for obj in child.children:
                            if obj.dep_ == "pobj":
                                for t in [obj, *obj.conjuncts]:
                                    add(t)
        return holders, light_neg


    def _own_group(self, token, quote) -> list[tuple[str, str]]:
        """"his party would vote against it", "her party's opposition": a speaker states the position
        of their own group; both hold it (the person, and the nearest organisation named before)."""
        if token.lemma_.lower() not in GROUP_NOUNS:
            return []
        owner = next((c for c in token.children if c.dep_ == "poss"
                      and c.lower_ in _PERSON_PRONOUNS | _FIRST_PERSON), None)
        if owner is None or any(c.dep_ == "compound" for c in token.children):
            return []  # "her Civic Renewal party" names the group itself
        out = []
        person = self._resolve(owner, quote)
        if person is not None and owner.lower_ in _PERSON_PRONOUNS and not self._is_person(person[1]):
            # "her" is a person: a mention that makes it the group ("Her party") or a place is
            # not its antecedent
            person = self._antecedent(owner)
        if person is not None:
            out.append(person)
        # the group the reporting person is described by ("Ivarsen, director of the group
        # Coastwatch Velmora, said her organisation ..."), else the nearest group named before
        named = self._group_of_reporter(token, person) if person is not None else None
        if named is not None:
            out.append(named)
            return out
        group = None
        for m_start, _m_end, _kind, actor in self.mentions:
            if m_start >= token.idx:
                break
            if token.idx - m_start <= PRONOUN_WINDOW and actor.type in _GROUP_TYPES \
                    and (person is None or actor.id != person[1]):
                group = actor
        if group is not None:
            out.append((group.name, group.id))
        return out


    def _group_of_reporter(self, token, person) -> tuple[str, str] | None:
        """The group named in the description of the person reporting ``token``'s clause
        ("*Homeland Front* leader Bartol Krenz said his party ...", "Vale, leader of *Civic
        Renewal*, said her party ...")."""
        subject = _reporting_subject(token)
        if subject is None:
            return None
        for t in subject.subtree:
            if t.pos_ != "PROPN" or t.head.pos_ == "PROPN" and t.dep_ in ("compound", "flat"):
                continue  # only the head word of each name
            resolved = self._resolve(t, None)
            if resolved is None or resolved[1] == person[1]:
                continue
            if t.dep_ == "appos" and t.head.lemma_.lower() in GROUP_NOUNS:
                return resolved  # "the environmental group Coastwatch Velmora": a group by apposition
            if not self._is_person(resolved[1]) and t.ent_type_ not in ("PERSON", "GPE"):
                return resolved
        return None


    def _resolve(self, token, quote) -> tuple[str, str] | None:
        """Map a holder token to (actor name, actor id)."""
        low = token.lower_
        if low in _RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
            return self._resolve(token.head.head, quote)
        if low in _FIRST_PERSON:
            if quote is not None:
                return self._quote_speaker(quote)
            return None
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ != "PROPN":
                # "its energy minister, Yevgeny Tarkhanov": the name, not the role
                resolved = self._resolve(child, quote)
                if resolved is not None and self._is_person(resolved[1]):
                    return resolved
        if token.pos_ == "NOUN" and not any(c.dep_ == "appos" for c in token.children):
            # "the leader of the Homeland Front, Bartol Krenz, ...": the parse hangs the name on
            # the organisation; the role noun is still the named person
            for prep in token.children:
                if prep.dep_ != "prep" or prep.lower_ != "of":
                    continue
                for obj in prep.children:
                    for name in obj.children:
                        if obj.dep_ == "pobj" and name.dep_ == "appos" and name.ent_type_ == "PERSON":
                            resolved = self._resolve(name, quote)
                            if resolved is not None and self._is_person(resolved[1]):
                                return resolved
        if low in _PERSON_PRONOUNS:
            # "Krenz said his party would ...", "Vale said she would ...": the reporting subject
            reporter = _reporting_subject(token)
            if reporter is not None and reporter.lower_ not in _PERSON_PRONOUNS | _THING_PRONOUNS:
                resolved = self._resolve(reporter, quote)
                if resolved is not None and self._is_person(resolved[1]):
                    return resolved
        elif low in ("they", "them", "their") and token.dep_ in ("nsubj", "poss"):
            # "two of the deputies told the paper that they would ...": the reporting subject,
            # never the addressee; none at all when that subject names no actor
            reporter = _reporting_subject(token)
            if reporter is not None and reporter.lower_ not in _PERSON_PRONOUNS | _THING_PRONOUNS:
                return self._resolve(reporter, quote)
        start, end = token.idx, token.idx + len(token.text)
        # a mention that overlaps the token (names, roles, pronouns from the actors stage)
        for m_start, m_end, _kind, actor in self.mentions:
            if m_start < end and start < m_end:
                return actor.name, actor.id
        if token.pos_ == "PRON" or low in _PERSON_PRONOUNS | _THING_PRONOUNS:
            if quote is not None and quote.speaker and quote.speaker_mention \
                    and quote.speaker_mention.lower() == low and self._near_cue(quote, token):
                return self._quote_speaker(quote)
            return self._antecedent(token)
        # the noun phrase's own extent (compounds: "the United States"); a common noun
        # ("Velmoran nationalists") is not the name that modifies it
        left = start if token.pos_ != "PROPN" else min(
            t.idx for t in token.subtree if t.dep_ in ("compound", "det", "nmod") or t.i == token.i)
        for m_start, m_end, _kind, actor in self.mentions:
            if m_start < end and left < m_end:
                return actor.name, actor.id
        ent = self.entities.at(token.i)
        if ent is not None and ent.label_ in _HOLDER_LABELS:
            name = _entity_name(ent)
            actor = self.by_name.get(_name_key(name)) or self._by_last_name(name)
            if actor is not None:
                return actor.name, actor.id
            if name:
                return name, _actor_id(name)
        if token.pos_ == "PROPN" and token.ent_type_ in _HOLDER_LABELS | {""}:
            # a name the actors stage missed: a known actor under that name, a short form of an
            # organisation the article names in full ("Coastwatch" for "Coastwatch Velmora"), or
            # else the name as written ("Civic Renewal")
            name = " ".join(t.text for t in token.subtree if t.i <= token.i and t.pos_ == "PROPN"
                            and (t.i == token.i or t.dep_ in ("compound", "nmod")))
            key = _name_key(name)
            actor = self.by_name.get(key) or self._by_name_part(key)
            if actor is not None:
                return actor.name, actor.id
            if name and all(w[:1].isupper() and not w.isupper() for w in name.split()):
                return name, _actor_id(name)
        return None


    def _full_name_of(self, key: str) -> Actor | None:
        """The one other organisation whose name ends with the words of ``key`` (two or more):
        "Industry Council" for "Velmoran Industry Council"."""
        if len(key.split()) < 2:
            return None
        found = {actor.id: actor for actor in self.actors if actor.type != "person" and any(
            _name_key(form) != key and f" {_name_key(form)}".endswith(f" {key}")
            for form in (actor.name, *actor.aliases))}
        return next(iter(found.values())) if len(found) == 1 else None


    def _by_name_part(self, key: str) -> Actor | None:
        """The one non-person actor whose name or alias starts with the words of ``key``."""
        if not key:
            return None
        found = {actor.id: actor for actor in self.actors if actor.type != "person" and any(
            f"{_name_key(form)} ".startswith(f"{key} ") for form in (actor.name, *actor.aliases))}
        return next(iter(found.values())) if len(found) == 1 else None


    def _descriptions(self, actor: Actor) -> str:
        """The words that describe ``actor`` where the article names them ("Civic Renewal leader
        Corinna Vale", "Vale, leader of Civic Renewal"), relative clauses left out."""
        if actor.id in self._described:
            return self._described[actor.id]
        words = []
        for mention in actor.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            skip = {t.i for c in root.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            words.extend(t.text for t in root.subtree if t.i not in skip and not span.start <= t.i < span.end)
        self._described[actor.id] = " ".join(words)
        return self._described[actor.id]


    def _is_person(self, actor_id: str) -> bool:
        return any(a.id == actor_id and a.type == "person" for a in self.actors)


    def _near_cue(self, quote: Quote, token) -> bool:
        return quote.cue_span is None or abs(quote.cue_span[0] - token.idx) < 80


    def _by_last_name(self, name: str) -> Actor | None:
        last = _name_key(name).split()[-1:] or [""]
        for actor in self.actors:
            if actor.type == "person" and _name_key(actor.name).split()[-1:] == last:
                return actor
        return None


    def _antecedent(self, token) -> tuple[str, str] | None:
        low = token.lower_
        want_person = low in _PERSON_PRONOUNS
        best = None
        for m_start, _m_end, kind, actor in self.mentions:
            if m_start >= token.idx:
                break
            if token.idx - m_start > PRONOUN_WINDOW or kind == "pronoun":
                continue
            is_person = actor.type == "person"
            if is_person == want_person:
                best = actor
        if best is not None:
            return best.name, best.id
        if not self.mentions:
            # no actor list: the nearest preceding named entity of a fitting type
            labels = {"PERSON"} if want_person else {"GPE", "ORG", "NORP"}
            candidates = [e for e in self.entities.ents if e.label_ in labels and e.end <= token.i
                          and token.idx - e.start_char <= PRONOUN_WINDOW]
            if candidates:
                name = _entity_name(candidates[-1])
                return name, _actor_id(name)
        return None


    def _quote_speaker(self, quote: Quote) -> tuple[str, str] | None:
        if not quote.speaker:
            return None
        actor = self.by_name.get(_name_key(quote.speaker))
        if actor is not None:
            return actor.name, actor.id
        return quote.speaker, quote.actor_id or _actor_id(quote.speaker)


    def _according_to(self, sent, quote) -> tuple[str, str] | None:
        for token in sent:
            if token.lower_ == "according" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False:
                for obj in token.nbor(1).children:
                    if obj.dep_ == "pobj":
                        target = obj
                        # "according to remarks made by X"
                        for t in obj.subtree:
                            if t.dep_ == "pobj" and t.head.dep_ == "agent":
                                target = t
                        resolved = self._resolve(target, quote)
                        if resolved:
                            return resolved
        return None
