"""The stored records with the analyst's corrections applied: what every reader shows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..store.db import SQLiteStore
from .corrections import Correction, _rows, resolve_targets

PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it"}


class Reviewed:
    """Quotes, stances and actors as the analyst corrected them.

    Each record is a dict of the store row's columns plus ``review`` (auto | confirmed |
    corrected | added | rejected) and ``corrections`` (the ids of the corrections that touched
    it). Rejected records are left out unless ``include_rejected``. With no corrections this is
    the store as it is.
    """

    def __init__(self, store: SQLiteStore, *, corrections: list[Correction] | None = None,
                 targets: dict[int, str | None] | None = None) -> None:
        """``corrections`` and ``targets`` (what :func:`resolve_targets` found for them), when
        the caller already has them, spare reading and resolving them again."""
        self.store = store
        self.corrections: list[Correction] = _rows(store) if corrections is None else corrections
        self._targets = resolve_targets(store, self.corrections) if targets is None else targets
        self._by_target: dict[str, list[Correction]] = defaultdict(list)
        self.orphans: list[Correction] = []
        for c in self.corrections:
            if c.id in self._targets:
                current = self._targets[c.id]
                if current is None:
                    self.orphans.append(c)
                else:
                    self._by_target[current].append(c)
        self._actor_ops = [c for c in self.corrections if c.kind in ("actor.merge", "actor.split")]
        self._names: dict[str, str] = {}
        for c in self.corrections:  # names of actors the analyst introduced
            if c.kind == "actor.split":
                self._names[c.payload["actor_id"]] = c.payload["name"]
            elif c.kind in ("quote.speaker", "stance.add"):
                self._names.setdefault(c.payload["actor_id"], c.payload["name"])
        self._aliases: dict[tuple[str, str], set[str]] | None = None

    # -- actors ----------------------------------------------------------------------------

    def _article_aliases(self) -> dict[tuple[str, str], set[str]]:
        if self._aliases is None:
            self._aliases = defaultdict(set)
            if self._actor_ops:
                for r in self.store.db.execute("SELECT actor_id, article_id, alias FROM actor_aliases"):
                    self._aliases[(r[0], r[1])].add(r[2].casefold())
        return self._aliases

    def _split_applies(self, c: Correction, actor_id: str, article_id: str | None,
                       surface: str | None) -> bool:
        alias = c.payload["alias"].casefold()
        said = (surface or "").casefold().strip()
        if said == alias:
            return True
        if article_id is None:
            return False
        names = self._article_aliases().get((actor_id, article_id), set())
        if alias not in names:
            return False
        # In an article that names the actor by the split-off alias, its records go with that
        # alias, unless the record itself names the actor by another full name.
        return not (said in names and len(said.split()) > 1)

    def actor_of(self, actor_id: str | None, *, article_id: str | None = None,
                 surface: str | None = None) -> str | None:
        """The actor id a record's actor has after merges and splits, in the order they were made."""
        if actor_id is None or not self._actor_ops:
            return actor_id
        original = actor_id
        for c in self._actor_ops:
            if c.target != actor_id:
                continue
            if c.kind == "actor.merge":
                actor_id = c.payload["into"]
            elif self._split_applies(c, original, article_id, surface):
                actor_id = c.payload["actor_id"]
        return actor_id

    def _actor_corrections(self, before: str | None, after: str | None) -> list[int]:
        if before == after:
            return []
        return [c.id for c in self._actor_ops if c.target == before or c.payload.get("into") == after
                or c.payload.get("actor_id") == after]

    def _follow_actor(self, record: dict, surface: str | None, names: tuple[str, ...]) -> None:
        """Move ``record`` to the actor merges and splits give it, noting the corrections and
        setting its ``names`` keys to that actor's name."""
        before = record["actor_id"]
        after = self.actor_of(before, article_id=record["article_id"], surface=surface)
        if after != before:
            record["actor_id"] = after
            record["corrections"] += self._actor_corrections(before, after)
            name = self.actor_name(after, record[names[0]])
            for key in names:
                record[key] = name

    def actor_name(self, actor_id: str | None, fallback: str | None = None) -> str | None:
        if actor_id is None:
            return fallback
        if actor_id in self._names:
            return self._names[actor_id]
        row = self.store.db.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return row[0] if row else fallback

    # -- quotes ----------------------------------------------------------------------------

    def _quote(self, row: Any) -> dict:
        q = dict(row)
        q["review"], q["corrections"] = "auto", []
        for c in self._by_target.get(q["id"], ()):
            q["corrections"].append(c.id)
            if c.kind == "quote.reject":
                q["review"] = "rejected"
            elif c.kind == "quote.confirm":
                q["review"] = "confirmed"
            elif c.kind == "quote.speaker":
                q["review"] = "corrected"
                q["actor_id"] = c.payload["actor_id"]
                q["speaker"] = q["actor_name"] = c.payload["name"]
                q["speaker_mention"] = c.payload["name"]
        self._follow_actor(q, q["speaker_mention"], ("actor_name",))
        return q

    def quotes(self, article_id: str | None = None, *, actor_id: str | None = None,
               include_rejected: bool = False) -> list[dict]:
        out = []
        for row in self.store.quotes(article_id):
            q = self._quote(row)
            if q["review"] == "rejected" and not include_rejected:
                continue
            if actor_id is not None and q["actor_id"] != actor_id:
                continue
            out.append(q)
        return out

    # -- stances ---------------------------------------------------------------------------

    def _quote_state(self, quote_id: str | None) -> dict | None:
        if quote_id is None or quote_id not in self._by_target:
            return None
        row = self.store.db.execute(
            "SELECT q.*, coalesce(a.name, q.speaker) AS actor_name FROM quotes q"
            " LEFT JOIN actors a ON a.id = q.actor_id WHERE q.id = ?", (quote_id,)).fetchone()
        return self._quote(row) if row else None

    def _stance(self, row: Any) -> dict:
        s = dict(row)
        s["review"], s["corrections"] = "auto", []
        surface = s["actor"]
        quote = self._quote_state(s["quote_id"])
        if quote is not None:
            if quote["review"] == "rejected":
                s["review"] = "rejected"
                s["corrections"] += quote["corrections"]
            elif quote["review"] == "corrected":
                s["review"] = "corrected"
                s["corrections"] += quote["corrections"]
                if s["reporter"] is None:
                    s["actor_id"], s["actor"] = quote["actor_id"], quote["actor_name"]
                    s["actor_name"] = quote["actor_name"]
                    surface = quote["actor_name"]
                else:
                    s["reporter"] = quote["actor_name"]
        for c in self._by_target.get(s["id"], ()):
            s["corrections"].append(c.id)
            if c.kind == "stance.reject":
                s["review"] = "rejected"
            elif c.kind == "stance.confirm":
                s["review"] = "confirmed"
            elif c.kind == "stance.polarity":
                s["review"], s["polarity"] = "corrected", c.payload["polarity"]
            elif c.kind == "stance.proposition":
                s["review"], s["proposition"] = "corrected", c.payload["proposition"]
        self._follow_actor(s, surface, ("actor_name", "actor"))
        return s

    def _extra_stances(self, article_id: str | None) -> list[dict]:
        """Stances the analyst added, and corrected stances whose automatic record is gone."""
        extra: list[dict] = []
        articles: dict[str, Any] = {}

        def article(aid: str) -> Any:
            if aid not in articles:
                articles[aid] = self.store.db.execute(
                    "SELECT id, title, outlet, published, source FROM articles WHERE id = ?",
                    (aid,)).fetchone()
            return articles[aid]

        kept = {c.target for c in self.orphans if c.kind in ("stance.polarity", "stance.proposition",
                                                                  "stance.confirm")}
        rejected = {c.target for c in self.orphans if c.kind == "stance.reject"}
        for c in self.corrections:
            if article_id is not None and c.article_id != article_id:
                continue
            a = article(c.article_id) if c.article_id else None
            if a is None:
                continue  # the article is not (or no longer) stored; the correction is kept
            base = {"article_id": a["id"], "article_title": a["title"], "outlet": a["outlet"],
                    "published": a["published"], "source": a["source"], "quote_id": None,
                    "reporter": None, "date": a["published"], "confidence": 1.0}
            if c.kind == "stance.add":
                p = c.payload
                extra.append({**base, "id": f"added-{c.id}", "actor": p["name"], "actor_id": p["actor_id"],
                              "actor_name": p["name"], "proposition": p["proposition"],
                              "polarity": p["polarity"], "evidence": p["evidence"],
                              "evidence_start": p.get("evidence_start"), "evidence_end": p.get("evidence_end"),
                              "method": "analyst", "review": "added", "corrections": [c.id]})
            elif c.target in kept and c.target not in rejected and c.kind != "stance.reject":
                # The analyst's judgement on a stance the machine no longer finds stays.
                an = c.anchor
                prior = next((x for x in extra if x["id"] == f"kept-{c.target}"), None)
                if prior is None:
                    prior = {**base, "id": f"kept-{c.target}", "actor": an["actor"], "actor_id": an["actor_id"],
                             "actor_name": an["actor"], "proposition": an["proposition"],
                             "polarity": an["polarity"], "evidence": an["evidence"],
                             "evidence_start": an.get("evidence_start"), "evidence_end": an.get("evidence_end"),
                             "quote_id": an.get("quote_id"), "reporter": an.get("reporter"),
                             "date": an.get("date") or a["published"], "method": "analyst",
                             "review": "confirmed", "corrections": []}
                    extra.append(prior)
                prior["corrections"].append(c.id)
                if c.kind == "stance.polarity":
                    prior["polarity"], prior["review"] = c.payload["polarity"], "corrected"
                elif c.kind == "stance.proposition":
                    prior["proposition"], prior["review"] = c.payload["proposition"], "corrected"
        for s in extra:
            self._follow_actor(s, s["actor"], ("actor_name", "actor"))
        return extra

    def stances(self, article_id: str | None = None, *, actor_id: str | None = None,
                proposition: str | None = None, include_rejected: bool = False) -> list[dict]:
        rows = [self._stance(r) for r in self.store.stances(article_id)]
        rows += self._extra_stances(article_id)
        out = []
        for s in rows:
            if s["review"] == "rejected" and not include_rejected:
                continue
            if actor_id is not None and s["actor_id"] != actor_id:
                continue
            if proposition is not None and s["proposition"] != proposition:
                continue
            out.append(s)
        # A correction can make two records say the same thing; show it once.
        return dedupe_stances(out)

    # -- actors ----------------------------------------------------------------------------

    def actors(self) -> list[dict]:
        """Every actor after merges and splits, with aliases, roles and reviewed counts."""
        base = self.store.actors()
        if not self.corrections:
            return base
        by_id: dict[str, dict] = {a["id"]: {**a, "aliases": list(a["aliases"]), "roles": list(a["roles"]),
                                            "merged": [], "review": "auto"} for a in base}
        apply_actor_ops(by_id, self._actor_ops)
        # Actors introduced by speaker changes and added stances.
        for c in self.corrections:
            if c.kind in ("quote.speaker", "stance.add"):
                aid = self.actor_of(c.payload["actor_id"])
                if aid not in by_id:
                    by_id[aid] = {"id": aid, "name": self._names.get(aid, c.payload["name"]),
                                  "type": "unknown", "aliases": [c.payload["name"]], "roles": [],
                                  "merged": [], "review": "added"}
        quotes: dict[str, int] = defaultdict(int)
        stances: dict[str, int] = defaultdict(int)
        articles: dict[str, set[str]] = defaultdict(set)
        for q in self.quotes():
            if q["actor_id"]:
                quotes[q["actor_id"]] += 1
                articles[q["actor_id"]].add(q["article_id"])
        for s in self.stances():
            stances[s["actor_id"]] += 1
            articles[s["actor_id"]].add(s["article_id"])
        for r in self.store.db.execute("SELECT actor_id, article_id FROM article_actors"):
            aid = self.actor_of(r[0], article_id=r[1])
            articles[aid].add(r[1])
        out = []
        for a in by_id.values():
            a["quotes"], a["stances"], a["articles"] = quotes[a["id"]], stances[a["id"]], len(articles[a["id"]])
            out.append(a)
        out.sort(key=lambda a: (-a["quotes"], -a["stances"], -a["articles"], a["name"]))
        return out


def dedupe_stances(rows: list[dict]) -> list[dict]:
    """``rows`` without the stances a correction made repeat another (same holder, place, answer)."""
    out, seen = [], set()
    for s in rows:
        key = (s["article_id"], s["actor_id"], s["proposition"], s["polarity"], s["evidence_start"],
               s["review"] == "rejected")
        if key in seen and s["evidence_start"] is not None:
            continue
        seen.add(key)
        out.append(s)
    return out


def apply_actor_ops(by_id: dict[str, dict], ops, *, new_actor: dict | None = None) -> None:
    """Apply actor merges and alias splits, in order, to actors keyed by id (changed in place).

    ``new_actor`` holds the extra fields an actor created by a split starts with.
    """
    for c in ops:
        src = by_id.get(c.target)
        if src is None:
            continue
        if c.kind == "actor.merge":
            dst = by_id.get(c.payload["into"])
            if dst is None or dst is src:
                continue
            dst["aliases"] = sorted(set(dst["aliases"]) | set(src["aliases"]) | {src["name"]})
            dst["roles"] = sorted(set(dst["roles"]) | set(src["roles"]))
            dst["merged"].append({"id": src["id"], "name": src["name"], "correction": c.id})
            dst["review"] = "corrected"
            del by_id[c.target]
        else:
            alias, new_id = c.payload["alias"], c.payload["actor_id"]
            src["aliases"] = [x for x in src["aliases"] if x.casefold() != alias.casefold()]
            src["review"] = "corrected"
            dst = by_id.setdefault(new_id, {"id": new_id, "name": c.payload["name"], "type": src["type"],
                                            "aliases": [], "roles": [], "merged": [], "review": "added",
                                            **(new_actor or {})})
            dst["aliases"] = sorted(set(dst["aliases"]) | {alias, c.payload["name"]})
