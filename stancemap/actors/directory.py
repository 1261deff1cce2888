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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import StancemapError, unknown_keys_message
from ..model import Actor, Quote, Stance
from .keys import actor_id, actor_key

TYPES = ("person", "organization", "country", "group")
KEYS = ("name", "aliases", "type", "roles", "wikidata")
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

    @property
    def id(self) -> str:
        return actor_id(self.name)


@dataclass(frozen=True, slots=True)
class ActorDirectory:
    """The entries of an actors file, indexed by identity key."""

    path: str
    actors: tuple[KnownActor, ...]
    index: dict[str, KnownActor] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for known in self.actors:
            for form in (known.name, *known.aliases):
                self.index.setdefault(actor_key(form), known)

    def lookup(self, *names: str) -> KnownActor | None:
        for name in names:
            found = self.index.get(actor_key(name))
            if found is not None:
                return found
        return None

    def apply(self, actors: Sequence[Actor], quotes: Sequence[Quote]) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
        """Give inferred actors the identity the file assigns them; merge those mapped to one entry."""
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
    if not isinstance(data, dict) or "actors" not in data:
        raise ActorsFileError(where, "must be a mapping with an 'actors:' list (see docs/actors.md)")
    entries = data["actors"]
    if not isinstance(entries, list) or not entries:
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
        actors.append(KnownActor(name=name.strip(), type=kind, aliases=lists["aliases"],
                                 roles=lists["roles"], wikidata=wikidata))
    return ActorDirectory(path=where, actors=tuple(actors))
