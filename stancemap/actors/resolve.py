"""Cluster an article's name mentions into actors: one identity per actor within the article.

Pure Python (no spaCy): the NLP stage hands over name mentions in text order; this module groups
full names, surname-only and first-name-only mentions, titled forms ("President Trump") and
spellings that share an :func:`~stancemap.actors.keys.actor_key`, and picks the canonical name.

Not handled: two people sharing a surname where only the surname is used later (the surname goes to
the first full name seen with it); nicknames outside the key tables; organizations referred to by
acronym and full name in the same article unless NAME_ALIASES lists the pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .keys import ORG_WORDS, _fold, _tokens, actor_key, display_name, strip_titles

# Entity labels (spaCy's OntoNotes scheme) to actor types.
LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "country",
               "FAC": "organization", "country": "country", "person": "person",
               "organization": "organization", "group": "group"}


@dataclass
class Cluster:
    """One actor while an article is being read."""

    key: str
    type: str
    names: list[str] = field(default_factory=list)  # name surface forms, titles stripped
    aliases: list[str] = field(default_factory=list)  # every surface form
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, text, kind
    gender: str | None = None  # "m" | "f" when a pronoun or title told

    @property
    def name(self) -> str:
        shown = display_name(self.names[0]) if self.names else (self.aliases[0] if self.aliases else self.key)
        if self.type == "person" and self.names:
            known = display_name(max(self.names, key=_name_weight))
            if known != max(self.names, key=_name_weight):
                return known
            return max(self.names, key=_name_weight)
        return shown

    def add(self, start: int, end: int, text: str, kind: str, role: str = "") -> None:
        self.mentions.append((start, end, text, kind))
        if text not in self.aliases and kind != "pronoun":
            self.aliases.append(text)
        if role and role not in self.roles:
            self.roles.append(role)


def _name_weight(name: str) -> tuple[int, int]:
    toks = name.split()
    return (min(len(toks), 3), -abs(len(toks) - 2))


class ActorIndex:
    """Actors of one article, built mention by mention."""

    def __init__(self) -> None:
        self.clusters: dict[str, Cluster] = {}
        self._surnames: dict[str, str] = {}  # folded surname -> cluster key
        self._given: dict[str, list[str]] = {}  # folded given name -> cluster keys

    def add_name(self, text: str, start: int, end: int, label: str, kind: str = "name") -> str | None:
        """Add a name mention; return the key of the cluster it joined (None if not a name)."""
        typ = LABEL_TYPES.get(label, "organization")
        if typ == "person":
            words = text.split()
            if ORG_WORDS.intersection(_tokens(text)):
                typ = "organization"  # the NER's PERSON for "Northern Link Consortium"
            else:
                for i, w in enumerate(words):
                    if i >= 2 and w in ("of", "from") and all(x[:1].isupper() for x in words[:i]):
                        text = " ".join(words[:i])  # "Lena Ivarsen of Coastwatch": the person
                        end = start + len(text)
                        break
        role, bare = strip_titles(text) if typ == "person" else ("", text)
        bare = bare.strip(" ,.")
        for suffix in ("\u2019s", "'s", "\u02bcs"):
            if bare.endswith(suffix):
                bare = bare[: -len(suffix)]
        toks = _tokens(bare)
        if not toks:
            return None
        key = self.match(bare, typ)
        if not key:
            return None
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = Cluster(key=key, type=typ)
        elif cluster.type != typ and typ == "person" and cluster.type == "organization":
            cluster.type = "person"  # the NER's ORG for a person's surname
        if kind == "name" and bare not in cluster.names:
            cluster.names.append(bare)
        cluster.add(start, end, text, kind, role)
        if role.lower().startswith(("mrs", "ms", "miss")):
            cluster.gender = "f"
        elif role.lower().startswith("mr"):
            cluster.gender = "m"
        if cluster.type == "person" and len(toks) >= 2:
            self._surnames.setdefault(toks[-1], key)
            self._given.setdefault(toks[0], [])
            if key not in self._given[toks[0]]:
                self._given[toks[0]].append(key)
        return key

    def match(self, bare: str, typ: str) -> str:
        """The key of the cluster a name belongs to (a new key if none)."""
        key = actor_key(bare)
        if key in self.clusters:
            return key
        toks = _tokens(bare)
        if typ in ("person", "organization") and len(toks) == 1:
            tok = toks[0]
            if tok in self._surnames:
                return self._surnames[tok]
            k_last = key.split()[-1] if key else tok
            for ckey, cluster in self.clusters.items():
                if cluster.type == "person" and ckey and ckey.split()[-1] == k_last:
                    return ckey
            given = self._given.get(tok, [])
            if len(given) == 1:
                return given[0]
        return key

    def find(self, start: int, end: int) -> str | None:
        """Key of the cluster with a mention overlapping ``[start, end)``."""
        for key, cluster in self.clusters.items():
            for s, e, _, _ in cluster.mentions:
                if s < end and start < e:
                    return key
        return None

    def add_mention(self, key: str, start: int, end: int, text: str, kind: str, role: str = "") -> None:
        cluster = self.clusters.get(key)
        if cluster is None:
            return
        if not any(s == start and e == end for s, e, _, _ in cluster.mentions):
            cluster.add(start, end, text, kind, role)

    def merge_surnames(self) -> None:
        """Fold single-word person clusters into the full-name cluster with that surname."""
        for key in list(self.clusters):
            cluster = self.clusters.get(key)
            if cluster is None or cluster.type not in ("person", "organization") or len(key.split()) != 1:
                continue
            target = None
            for other_key, other in self.clusters.items():
                if other_key != key and other.type == "person" and other_key and other_key.split()[-1] == key:
                    target = other
                    break
            if target is not None:
                for m in cluster.mentions:
                    target.add(*m)
                for n in cluster.names:
                    if n not in target.names:
                        target.names.append(n)
                for r in cluster.roles:
                    if r not in target.roles:
                        target.roles.append(r)
                del self.clusters[key]

    def canonical(self, key: str) -> str:
        return self.clusters[key].name


def surname(name: str) -> str:
    toks = _tokens(name)
    return toks[-1] if toks else _fold(name)
