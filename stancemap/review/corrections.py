"""Adding, listing, undoing, exporting and importing the analyst's corrections."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..actors.keys import actor_id as make_actor_id
from ..errors import StancemapError
from ..store.db import SQLiteStore, now

POLARITIES = ("support", "oppose")
MAX_TEXT = 2000  # names, notes and evidence typed by the analyst

# kind -> (what ``target`` names, the payload keys it takes)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "quote.confirm": ("quote", ()),
    "quote.reject": ("quote", ()),
    "quote.speaker": ("quote", ("actor", "actor_id")),
    "stance.confirm": ("stance", ()),
    "stance.reject": ("stance", ()),
    "stance.polarity": ("stance", ("polarity",)),
    "stance.proposition": ("stance", ("proposition",)),
    "stance.add": ("article", ("actor", "actor_id", "proposition", "polarity", "evidence")),
    "actor.merge": ("actor", ("into",)),
    "actor.split": ("actor", ("alias", "name")),
}


class ReviewError(StancemapError):
    """A correction that cannot be applied. ``status`` is the HTTP status the web app answers."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Correction:
    id: int
    created: str
    kind: str
    target: str
    article_id: str | None
    payload: dict[str, Any]
    anchor: dict[str, Any]
    note: str | None = None
    author: str | None = None
    orphaned: bool = False  # its target is no longer found (kept, never dropped)
    applies_to: str | None = field(default=None, compare=False)  # the current record it corrects

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created": self.created, "kind": self.kind, "target": self.target,
                "article_id": self.article_id, "payload": self.payload, "anchor": self.anchor,
                "note": self.note, "author": self.author, "orphaned": self.orphaned,
                "applies_to": self.applies_to}


# -- reading -----------------------------------------------------------------------------------

def _rows(store: SQLiteStore) -> list[Correction]:
    return [Correction(id=r["id"], created=r["created"], kind=r["kind"], target=r["target"],
                       article_id=r["article_id"], payload=json.loads(r["payload"]),
                       anchor=json.loads(r["anchor"]), note=r["note"], author=r["author"])
            for r in store.db.execute("SELECT * FROM corrections ORDER BY id")]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def resolve_targets(store: SQLiteStore, corrections: Iterable[Correction]) -> dict[int, str | None]:
    """For each quote or stance correction, the id of the record it applies to now (or None).

    The stored id comes first; when a re-run changed it, the anchor finds the record again: the
    quote in the same article whose span overlaps most, or the stance of the same holder on the
    same proposition from the same evidence sentence.
    """
    found: dict[int, str | None] = {}
    db = store.db
    for c in corrections:
        what = KINDS[c.kind][0]
        if what not in ("quote", "stance"):
            continue
        table = "quotes" if what == "quote" else "stances"
        if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (c.target,)).fetchone():
            found[c.id] = c.target
            continue
        a = c.anchor
        found[c.id] = None
        if what == "quote" and a.get("start") is not None:
            best, best_overlap = None, 0
            for r in db.execute('SELECT id, start, "end" FROM quotes WHERE article_id = ?', (c.article_id,)):
                o = _overlap((r["start"], r["end"]), (a["start"], a["end"]))
                if o > best_overlap:
                    best, best_overlap = r["id"], o
            if best and best_overlap >= 0.5 * (a["end"] - a["start"]):
                found[c.id] = best
        elif what == "stance" and a.get("actor_id"):
            row = db.execute(
                "SELECT id FROM stances WHERE article_id = ? AND actor_id = ? AND proposition = ?"
                " AND evidence_start = ? ORDER BY polarity = ? DESC, id",
                (c.article_id, a["actor_id"], a.get("proposition"), a.get("evidence_start"),
                 a.get("polarity"))).fetchone()
            if row:
                found[c.id] = row["id"]
    return found


def list_corrections(store: SQLiteStore) -> list[Correction]:
    """Every correction, oldest first, each with the record it applies to now and ``orphaned``."""
    items = _rows(store)
    targets = resolve_targets(store, items)
    out = []
    for c in items:
        if c.id in targets:
            current = targets[c.id]
            out.append(_replace(c, orphaned=current is None, applies_to=current))
        elif c.kind == "stance.add":
            out.append(_replace(c, applies_to=f"added-{c.id}"))
        else:
            out.append(_replace(c, applies_to=c.target))
    return out


def _replace(c: Correction, **changes: Any) -> Correction:
    data = {**c.__dict__, **changes}
    return Correction(**data)


# -- adding ------------------------------------------------------------------------------------

def _text(payload: dict, key: str, *, what: str, required: bool = True) -> str | None:
    value = payload.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReviewError(f"{what}: '{key}' is required")
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{what}: '{key}' must be text, not {type(value).__name__}")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise ReviewError(f"{what}: '{key}' is longer than {MAX_TEXT} characters")
    return value


def _proposition(store: SQLiteStore, payload: dict, kind: str) -> str:
    prop = _text(payload, "proposition", what=kind)
    if not store.db.execute("SELECT 1 FROM propositions WHERE id = ?", (prop,)).fetchone():
        known = ", ".join(r[0] for r in store.db.execute("SELECT id FROM propositions ORDER BY rowid"))
        raise ReviewError(f"{kind}: no proposition '{prop}' in the codebook (known: {known or 'none'})")
    return prop


def _polarity(payload: dict, kind: str) -> str:
    polarity = _text(payload, "polarity", what=kind)
    if polarity not in POLARITIES:
        raise ReviewError(f"{kind}: polarity must be 'support' or 'oppose', not '{polarity}'")
    return polarity


def _actor(store: SQLiteStore, payload: dict, kind: str) -> dict[str, str]:
    """The actor a payload names: an existing actor id, or a name (an existing actor's name or
    alias, else a new actor)."""
    from .view import Reviewed

    actors = {a["id"]: a for a in Reviewed(store).actors()}
    if payload.get("actor_id"):
        aid = _text(payload, "actor_id", what=kind)
        if aid not in actors:
            raise ReviewError(f"{kind}: no actor with id '{aid}'", 404)
        return {"actor_id": aid, "name": actors[aid]["name"]}
    name = _text(payload, "actor", what=kind)
    folded = name.casefold()
    for a in actors.values():
        if a["name"].casefold() == folded or any(x.casefold() == folded for x in a["aliases"]):
            return {"actor_id": a["id"], "name": a["name"]}
    new_id = make_actor_id(name)
    if new_id in actors:
        return {"actor_id": new_id, "name": actors[new_id]["name"]}
    return {"actor_id": new_id, "name": name}


def _row(store: SQLiteStore, table: str, key: str) -> dict | None:
    row = store.db.execute(f"SELECT * FROM {table} WHERE id = ?", (key,)).fetchone()
    return dict(row) if row else None


def add_correction(store: SQLiteStore, kind: str, target: str, payload: dict | None = None, *,
                   note: str | None = None, author: str | None = None) -> Correction:
    """Check a correction against the store and save it. Raises ReviewError if it cannot apply."""
    if kind not in KINDS:
        raise ReviewError(f"unknown correction kind '{kind}'; known kinds: {', '.join(KINDS)}")
    if not isinstance(target, str) or not target:
        raise ReviewError(f"{kind}: the target id is required")
    payload = dict(payload or {})
    what, allowed = KINDS[kind]
    unknown = sorted(set(payload) - set(allowed))
    if unknown:
        raise ReviewError(f"{kind}: unknown field{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(unknown)}; allowed: {', '.join(allowed) or 'none'}")
    note = _text({"note": note}, "note", what=kind, required=False)
    author = _text({"author": author}, "author", what=kind, required=False)
    article_id: str | None = None
    anchor: dict[str, Any] = {}
    clean: dict[str, Any] = {}

    if what == "quote":
        row = _row(store, "quotes", target)
        if row is None:
            raise ReviewError(f"{kind}: no quote with id '{target}'", 404)
        article_id = row["article_id"]
        anchor = {k: row[k] for k in ("article_id", "type", "text", "start", "end", "speaker",
                                      "actor_id", "speaker_mention")}
        if kind == "quote.speaker":
            clean = _actor(store, payload, kind)
    elif what == "stance":
        row = _row(store, "stances", target)
        if row is None:
            raise ReviewError(f"{kind}: no stance with id '{target}' (a stance added by hand is "
                              "changed by undoing its correction and adding it again)", 404)
        article_id = row["article_id"]
        anchor = {k: row[k] for k in ("article_id", "actor", "actor_id", "proposition", "polarity",
                                      "evidence", "evidence_start", "evidence_end", "quote_id",
                                      "reporter", "date")}
        if kind == "stance.polarity":
            clean = {"polarity": _polarity(payload, kind)}
        elif kind == "stance.proposition":
            clean = {"proposition": _proposition(store, payload, kind)}
    elif what == "article":
        row = _row(store, "articles", target)
        if row is None:
            raise ReviewError(f"{kind}: no article with id '{target}'", 404)
        article_id = target
        evidence = _text(payload, "evidence", what=kind)
        body = row["text"]
        start = body.find(evidence)
        clean = {**_actor(store, payload, kind), "proposition": _proposition(store, payload, kind),
                 "polarity": _polarity(payload, kind), "evidence": evidence,
                 "evidence_start": start if start >= 0 else None,
                 "evidence_end": start + len(evidence) if start >= 0 else None}
        anchor = {"article_id": target, "title": row["title"], "source": row["source"]}
    else:  # actor
        from .view import Reviewed

        actors = {a["id"]: a for a in Reviewed(store).actors()}
        if target not in actors:
            raise ReviewError(f"{kind}: no actor with id '{target}'", 404)
        anchor = {"name": actors[target]["name"], "aliases": actors[target]["aliases"]}
        if kind == "actor.merge":
            into = _text(payload, "into", what=kind)
            if into not in actors:
                raise ReviewError(f"{kind}: no actor with id '{into}' to merge into", 404)
            if into == target:
                raise ReviewError(f"{kind}: an actor cannot be merged into itself", 409)
            clean = {"into": into, "into_name": actors[into]["name"]}
        else:
            alias = _text(payload, "alias", what=kind)
            aliases = {x.casefold(): x for x in actors[target]["aliases"]}
            if alias.casefold() not in aliases:
                raise ReviewError(f"{kind}: '{alias}' is not an alias of {actors[target]['name']} "
                                  f"(aliases: {', '.join(actors[target]['aliases'])})", 409)
            if len(aliases) < 2:
                raise ReviewError(f"{kind}: {actors[target]['name']} has only one name; nothing to split",
                                  409)
            name = _text(payload, "name", what=kind, required=False) or aliases[alias.casefold()]
            new_id = make_actor_id(name)
            if new_id == target:
                new_id = make_actor_id(f"{name} ({alias})")
            clean = {"alias": aliases[alias.casefold()], "name": name, "actor_id": new_id}

    with store.db:
        cur = store.db.execute(
            "INSERT INTO corrections (created, author, kind, target, article_id, payload, anchor, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), author, kind, target, article_id, json.dumps(clean, ensure_ascii=False),
             json.dumps(anchor, ensure_ascii=False), note))
    new = next(c for c in list_corrections(store) if c.id == cur.lastrowid)
    return new


def delete_correction(store: SQLiteStore, correction_id: int) -> Correction:
    """Undo one correction (delete it); returns what was deleted."""
    match = [c for c in _rows(store) if c.id == correction_id]
    if not match:
        raise ReviewError(f"no correction with id {correction_id}", 404)
    with store.db:
        store.db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
    return match[0]


# -- moving between databases ------------------------------------------------------------------

EXPORT_KEYS = ("created", "author", "kind", "target", "article_id", "payload", "anchor", "note")


def export_corrections(store: SQLiteStore, out: IO[str]) -> int:
    """Write every correction as one JSON object per line; return how many."""
    n = 0
    for c in list_corrections(store):
        out.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _records(lines: Iterable[str], name: str) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise ReviewError(f"{name}, line {number}: not JSON ({err.msg})") from err
        if not isinstance(record, dict) or record.get("kind") not in KINDS or not record.get("target"):
            raise ReviewError(f"{name}, line {number}: not a correction (needs a known 'kind' and a "
                              "'target'); write it with `stancemap corrections export`")
        if not isinstance(record.get("payload", {}), dict) or not isinstance(record.get("anchor", {}), dict):
            raise ReviewError(f"{name}, line {number}: 'payload' and 'anchor' must be objects")
        yield record


def import_corrections(store: SQLiteStore, lines: Iterable[str], *, name: str = "<input>") -> tuple[int, int]:
    """Add corrections exported from another database; ones already here are skipped.

    They are stored as they were written (their anchors find their targets here). Returns
    (added, skipped). Nothing is added if any line is malformed.
    """
    records = list(_records(lines, name))
    have = {(c.kind, c.target, json.dumps(c.payload, sort_keys=True)) for c in _rows(store)}
    added = skipped = 0
    with store.db:
        for r in records:
            key = (r["kind"], r["target"], json.dumps(r.get("payload", {}), sort_keys=True))
            if key in have:
                skipped += 1
                continue
            have.add(key)
            store.db.execute(
                "INSERT INTO corrections (created, author, kind, target, article_id, payload, anchor, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (r.get("created") or now(), r.get("author"), r["kind"], r["target"], r.get("article_id"),
                 json.dumps(r.get("payload", {}), ensure_ascii=False),
                 json.dumps(r.get("anchor", {}), ensure_ascii=False), r.get("note")))
            added += 1
    return added, skipped
