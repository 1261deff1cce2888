"""The corpus-wide surname merge: a person named by surname alone in some articles ("Halvik
said") is the one person of the corpus with that surname and a full name ("Teodor Halvik").

The plan is computed from what each article says (its actors' names and types), never from
earlier merges, so the same articles give the same actors whatever their order or the runs they
came in: a merge made when one "Halvik" was known is undone when a second full name with that
surname arrives. :func:`plan_surname_merges` is pure; the store applies the plan
(:meth:`stancemap.store.db.SQLiteStore.reassign_actors`).

Not handled: a lone surname that is also a given name in the corpus ("Morgan"); surnames that an
actors file (``--actors``) or a ``distinct:`` group gave an id of its own are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .keys import CAPITALS, DEMONYMS, actor_id, actor_key, country_for


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleActor:
    """One actor as one article names it (a row of the store's ``article_actors``)."""

    article_id: str
    actor_id: str
    name: str  # the name within that article
    type: str  # person | organization | country | group


@dataclass(frozen=True, slots=True, kw_only=True)
class Reassignment:
    """Move one article's records of an actor to another actor id."""

    article_id: str
    name: str
    type: str
    old: str
    new: str


def plan_surname_merges(rows: Iterable[ArticleActor], names: Mapping[str, str]) -> list[Reassignment]:
    """The per-article moves that give every lone surname its corpus identity.

    ``rows``: every (article, actor) of the corpus; ``names``: current actor id -> name. A full
    name counts when every article that names it reads it as a person; a lone surname joins it
    when exactly one full name has that surname and no article reads the surname as an
    organization (the tagger takes a lone surname in a headline for a place now and then, but a
    place that is sometimes an organization, "Velmora", is no surname). Otherwise a lone surname
    that an earlier merge moved goes back to its own id. Sorted, so the plan is deterministic.
    """
    rows = sorted(rows, key=lambda r: (r.article_id, r.actor_id, r.name))
    countries = {actor_key(c) for c in (*CAPITALS.values(), *DEMONYMS.values())}
    types_by_id: dict[str, set[str]] = {}
    for r in rows:
        types_by_id.setdefault(r.actor_id, set()).add(r.type)
    full: dict[str, set[str]] = {}
    lone: list[tuple[ArticleActor, str]] = []
    lone_types: dict[str, set[str]] = {}
    for r in rows:
        key = actor_key(r.name)
        if not key or key in countries or country_for(r.name):
            continue
        words = key.split()
        if len(words) > 1 and r.type == "person":
            full.setdefault(words[-1], set()).add(r.actor_id)
        elif len(words) == 1:
            lone.append((r, words[0]))
            lone_types.setdefault(words[0], set()).add(r.type)
    for surname, ids in full.items():
        full[surname] = {i for i in ids if types_by_id.get(i) == {"person"}}
    moves = []
    for r, surname in lone:
        own = actor_id(r.name)
        current_key = actor_key(names.get(r.actor_id, r.name)).split()
        if r.actor_id != own and not (len(current_key) > 1 and current_key[-1] == surname):
            continue  # an id given by an actors file or a distinct group: not ours to move
        seen = lone_types[surname]
        targets = full.get(surname, set())
        if len(targets) == 1 and seen & {"person", "country"} and "organization" not in seen:
            target = next(iter(targets))
        else:
            target = own
        if target != r.actor_id:
            moves.append(Reassignment(article_id=r.article_id, name=r.name, type=r.type, old=r.actor_id, new=target))
    return moves


def merge_surname_actors(store) -> list[Reassignment]:
    """Plan the surname merge over everything ``store`` holds and apply it; returns the moves.
    Runs after every run (the plan starts from the articles, so running it twice changes
    nothing the second time)."""
    rows = [ArticleActor(article_id=r["article_id"], actor_id=r["actor_id"], name=r["name"], type=r["type"])
            for r in store.article_actor_rows()]
    moves = plan_surname_merges(rows, store.actor_names())
    store.reassign_actors(moves)
    return moves
