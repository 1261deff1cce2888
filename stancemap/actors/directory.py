"""The analyst's actors file: canonical names, aliases, types and roles that override inference.

```yaml
actors:
  - name: Volodymyr Zelensky          # required: the canonical name to report
    aliases: [Zelenskyy, Ze, "the Ukrainian president"]   # optional: more surface forms
    type: person                      # optional: person | organization | country | group
    roles: [President of Ukraine]     # optional
    wikidata: Q3874799                # optional: a Wikidata id (Q followed by digits)
```

An actor the pipeline infers whose name or any alias has the same identity key
(:func:`stancemap.actors.keys.actor_key`) as an entry's name or alias takes the entry's identity:
its canonical name, id, type and roles. Two inferred actors that map to one entry are merged.

```yaml
distinct:                             # optional: names that share a key but are different actors
  - [Steve Witkoff, Stephen Witkoff]
```

Each name of a ``distinct`` group is its own actor, with an id from its spelling
(:func:`stancemap.actors.keys.spelled_actor_id`), in every article: an inferred actor known under
several names of one group is split, each mention and quote going to the name written at it or,
for surnames, pronouns and roles, to the group's name mentioned last before it. The file needs
``actors``, ``distinct`` or both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import StancemapError, unknown_keys_message
from ..model import Actor, Mention, Quote, Stance, content_id
from .keys import actor_id, actor_key, spelled_actor_id, spelling_key

TYPES = ("person", "organization", "country", "group")
KEYS = ("name", "aliases", "type", "roles", "wikidata")
TOP_KEYS = ("actors", "distinct")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


class ActorsFileError(StancemapError):
    """The actors file is missing, not valid YAML, or an entry breaks the format."""

    def __init__(self, path: str, message: str, *, entry: str | None = None) -> None:
        where = f"{path}, {entry}" if entry else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownActor:
    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    wikidata: str | None = None

    distinct: bool = False  # the name is one of a ``distinct`` group: its id comes from its spelling

    @property
    def id(self) -> str:
        return spelled_actor_id(self.name) if self.distinct else actor_id(self.name)


@dataclass(frozen=True, slots=True)
class ActorDirectory:
    """The entries of an actors file, indexed by identity key, and its groups of distinct names."""

    path: str
    actors: tuple[KnownActor, ...]
    distinct: tuple[tuple[str, ...], ...] = ()
    index: dict[str, KnownActor] = field(default_factory=dict, compare=False, repr=False)
    members: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # spelling -> name

    def __post_init__(self) -> None:
        for group in self.distinct:
            for name in group:
                self.members[spelling_key(name)] = name
        for known in self.actors:
            for form in (known.name, *known.aliases):
                self.index.setdefault(actor_key(form), known)

    @property
    def fingerprint(self) -> str:
        """A digest of everything in the file that changes the analysis (for re-run decisions)."""
        return content_id(*(f"{a.name}|{a.type}|{a.aliases}|{a.roles}" for a in self.actors),
                          *("distinct|" + "|".join(group) for group in self.distinct))

    def member(self, name: str) -> str | None:
        """The ``distinct`` name a surface form spells, if any."""
        return self.members.get(spelling_key(name)) if self.members else None

    def lookup(self, *names: str) -> KnownActor | None:
        for name in names:
            found = self.index.get(actor_key(name))
            if found is None:
                continue
            member = self.member(name)
            if member is not None and self._holds_other_member(found, member):
                continue  # a name kept apart from the entry's own
            return found
        return None

    def _holds_other_member(self, known: KnownActor, member: str) -> bool:
        forms = {self.member(f) for f in (known.name, *known.aliases)} - {None}
        return bool(forms) and member not in forms

    def apply(self, actors: Sequence[Actor], quotes: Sequence[Quote]) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
        """Give inferred actors the identity the file assigns them; merge those mapped to one entry
        and split those holding names the file keeps apart."""
        if self.members:
            actors, quotes = self.split_distinct(actors, quotes)
        merged: dict[str, Actor] = {}
        renamed: dict[str, Actor] = {}  # old actor id -> new actor
        for actor in actors:
            known = self.lookup(actor.name, *actor.aliases)
            if known is None:
                new = actor
            else:
                new = replace(actor, id=known.id, name=known.name, type=known.type or actor.type,
                              aliases=tuple(dict.fromkeys((*actor.aliases, actor.name))),
                              roles=tuple(dict.fromkeys((*actor.roles, *known.roles))))
            if new.id in merged:
                old = merged[new.id]
                new = replace(old, aliases=tuple(dict.fromkeys((*old.aliases, *new.aliases))),
                              roles=tuple(dict.fromkeys((*old.roles, *new.roles))),
                              mentions=tuple(sorted({*old.mentions, *new.mentions},
                                                    key=lambda m: (m.start, m.end))))
            merged[new.id] = new
            renamed[actor.id] = new
        out_quotes = []
        for quote in quotes:
            target = renamed.get(quote.actor_id or "")
            if target is None and quote.speaker:
                known = self.lookup(quote.speaker)
                target = merged.get(known.id) if known else None
            if target is not None:
                quote = replace(quote, actor_id=target.id, speaker=target.name)
            out_quotes.append(quote)
        # ids may have merged: make the mapping final for quotes that pointed at a merged actor
        final = {a.id: a for a in merged.values()}
        out_quotes = [replace(q, speaker=final[q.actor_id].name) if q.actor_id in final else q
                      for q in out_quotes]
        return tuple(merged.values()), tuple(out_quotes)

    def split_distinct(self, actors: Sequence[Actor], quotes: Sequence[Quote]) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
        """Give each name of a ``distinct`` group its own actor (see the module docstring)."""
        out: list[Actor] = []
        moved: dict[str, list[tuple[int, str, Actor]]] = {}  # old id -> (mention start, member, actor)
        for actor in actors:
            forms = [*actor.aliases, *(m.text for m in actor.mentions if m.kind == "name")] or [actor.name]
            found = list(dict.fromkeys(m for m in map(self.member, forms) if m is not None))
            if not found:
                out.append(actor)
                continue
            owner: dict[Mention, str] = {}
            last = None
            for mention in actor.mentions:  # sorted by position
                named = self.member(mention.text) if mention.kind == "name" else None
                if named is not None:
                    last = named
                owner[mention] = named or last or ""
            first = next((owner[m] for m in actor.mentions if owner[m]), found[0])
            for mention in owner:
                owner[mention] = owner[mention] or first
            pieces = {}
            for member in found:
                mentions = tuple(m for m in actor.mentions if owner[m] == member)
                aliases = tuple(dict.fromkeys(
                    [a for a in actor.aliases if self.member(a) == member] +
                    [m.text for m in mentions if m.kind not in ("pronoun",) and self.member(m.text) in (None, member)]))
                # a role goes with the name it is written in ("Envoy Steve Witkoff"); others stay
                # only when nothing was split (which name a role described is not known)
                roles = actor.roles if len(found) == 1 else tuple(r for r in actor.roles if any(r in a for a in aliases))
                piece = replace(actor, id=spelled_actor_id(member), name=member, aliases=aliases or (member,),
                                roles=roles, mentions=mentions)
                pieces[member] = piece
                out.append(piece)
            marks = sorted((m.start, owner[m]) for m in actor.mentions if m.kind == "name")
            moved[actor.id] = [(start, member, pieces[member]) for start, member in marks] or \
                [(0, first, pieces[first])]
        out_quotes = []
        for quote in quotes:
            choices = moved.get(quote.actor_id or "")
            if choices:
                target = self._quote_owner(quote, choices)
                quote = replace(quote, actor_id=target.id, speaker=target.name)
            out_quotes.append(quote)
        return tuple(out), tuple(out_quotes)

    def _quote_owner(self, quote: Quote, choices: list[tuple[int, str, Actor]]) -> Actor:
        """The piece a quote of a split actor goes to: the name at its speaker mention, else the
        name mentioned last before the quote (its cue, when it has one), else the first."""
        member = self.member(quote.speaker_mention or "")
        if member is not None:
            return next(actor for _, name, actor in choices if name == member)
        at = min(quote.start, quote.cue_span[0] if quote.cue_span else quote.start)
        before = [actor for start, _, actor in choices if start <= at]
        return before[-1] if before else choices[0][2]

    def apply_stances(self, stances: Sequence[Stance]) -> tuple[Stance, ...]:
        """Give stance holders the file's identity; keep one stance per (holder, proposition, polarity)."""
        out: dict[tuple[str, str, str], Stance] = {}
        for stance in stances:
            known = self.lookup(stance.actor)
            if known is not None:
                stance = replace(stance, actor=known.name, actor_id=known.id)
            key = (stance.actor_id, stance.proposition, stance.polarity)
            if key not in out or stance.confidence > out[key].confidence:
                out[key] = stance
        return tuple(out.values())


def load_actors_file(path: str | Path) -> ActorDirectory:
    """Read and validate an actors file. Raises ActorsFileError naming the entry and the fix."""
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ActorsFileError(where, f"cannot be read ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise ActorsFileError(where, "is not UTF-8 text; save it as UTF-8") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ActorsFileError(where, f"is not valid YAML{line}: {getattr(err, 'problem', err)}") from err
    if not isinstance(data, dict) or not ("actors" in data or "distinct" in data):
        raise ActorsFileError(where, "must be a mapping with an 'actors:' list, a 'distinct:' list or both "
                              "(see docs/actors.md)")
    if message := unknown_keys_message(data, TOP_KEYS):
        raise ActorsFileError(where, message)
    distinct = _distinct_groups(where, data.get("distinct", []))
    entries = data.get("actors", [])
    if not isinstance(entries, list) or (not entries and "actors" in data):
        raise ActorsFileError(where, "'actors' must be a non-empty list of entries with a 'name'")
    actors = []
    seen: dict[str, str] = {}
    for n, entry in enumerate(entries, 1):
        label = f"actor {n}"
        if not isinstance(entry, dict):
            raise ActorsFileError(where, "each entry must be a mapping like {name: ..., aliases: [...]}",
                                  entry=label)
        if message := unknown_keys_message(entry, KEYS):
            raise ActorsFileError(where, message, entry=label)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ActorsFileError(where, "missing 'name'; every actor needs its canonical name", entry=label)
        label = f"actor {n} ({name})"
        lists = {}
        for key in ("aliases", "roles"):
            value = entry.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ActorsFileError(where, f"'{key}' must be a list of non-empty strings", entry=label)
            lists[key] = tuple(v.strip() for v in value)
        kind = entry.get("type")
        if kind is not None and kind not in TYPES:
            raise ActorsFileError(where, f"'type' must be one of {', '.join(TYPES)}", entry=label)
        wikidata = entry.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str) and WIKIDATA.match(wikidata)):
            raise ActorsFileError(where, "'wikidata' must be an id like Q3874799", entry=label)
        for form in (name, *lists["aliases"]):
            key = actor_key(form)
            if key in seen and seen[key] != name:
                raise ActorsFileError(where, f"{form!r} is also a name or alias of {seen[key]!r}; an alias "
                                      "can belong to one actor only", entry=label)
            seen[key] = name
        spelled = {spelling_key(f): f for f in (name, *lists["aliases"]) if spelling_key(f) in distinct}
        groups = {distinct[k] for k in spelled}
        if len(spelled) > len(groups):
            raise ActorsFileError(where, f"{' and '.join(map(repr, spelled.values()))} are listed as distinct "
                                  "actors under 'distinct:'; keep one of them in this entry", entry=label)
        actors.append(KnownActor(name=name.strip(), type=kind, aliases=lists["aliases"], roles=lists["roles"],
                                 wikidata=wikidata, distinct=spelling_key(name) in distinct))
    groups = tuple(dict.fromkeys(distinct.values()))  # each group once, in file order
    return ActorDirectory(path=where, actors=tuple(actors), distinct=groups)


def _distinct_groups(where: str, groups: object) -> dict[str, tuple[str, ...]]:
    """Validate the ``distinct:`` list: spelling key of each name -> its group."""
    if not isinstance(groups, list):
        raise ActorsFileError(where, "'distinct' must be a list of name groups like [Steve Witkoff, Stephen Witkoff]")
    out: dict[str, tuple[str, ...]] = {}
    for n, group in enumerate(groups, 1):
        label = f"distinct group {n}"
        if not isinstance(group, list) or len(group) < 2 or \
                not all(isinstance(name, str) and name.strip() for name in group):
            raise ActorsFileError(where, "each group must list two or more names, like [Steve Witkoff, Stephen "
                                  "Witkoff]", entry=label)
        names = tuple(name.strip() for name in group)
        keys = [spelling_key(name) for name in names]
        if len(set(keys)) < len(keys):
            raise ActorsFileError(where, "two names of the group are one spelling (case, accents and titles "
                                  "are ignored); list different spellings", entry=label)
        for name, key in zip(names, keys):
            if key in out:
                raise ActorsFileError(where, f"{name!r} is already in another group; a name can be in one "
                                      "group only", entry=label)
            out[key] = names
    return out
