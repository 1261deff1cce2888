"""Outlets compared: how each outlet reports the same statements, whom it quotes, whose stances.

Every function takes lists of row dicts (the store's quote and stance rows, as dicts), so that the
rows can be corrected or filtered before they are compared; :func:`load` reads them from a store.

- :func:`quote_variants`: one statement as worded by different outlets (same speaker, similar
  content), with a word-level diff of the wordings. Syndicated copies (members of one
  near-duplicate group) are shown, marked as copies, but do not count as independent reports.
- :func:`outlet_sources`: whom each outlet quotes, how often, and how (direct or indirect).
- :func:`outlet_stance_mix`: per outlet and proposition, the support and oppose stances its
  coverage reports.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .model import content_id

# Variant quotes: mean of content-word Dice and character-trigram Dice at least this.
DEFAULT_THRESHOLD = 0.6
# ... or the shorter quote's content words almost all inside the longer one (a fragment).
DEFAULT_CONTAINMENT = 0.8
# A fragment needs this many content words: "not realistic" alone is too little to call a match.
MIN_FRAGMENT_WORDS = 3
UNKNOWN_OUTLET = "(unknown outlet)"

# Function words: they carry wording, not content. Negations are deliberately absent ("not" is
# content: "will" and "will not" are different statements).
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as into onto off about over under than then
that this these those there here it its is are was were be been being am do does did done have has
had having will would shall should can could may might must i me my we us our you your he him his
she her they them their who whom which what when where why how so such very just also too all any
each every some more most other own same only said says say told tells according s t
""".split())

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


# -- reading a store ---------------------------------------------------------------------------


def load_quotes(store, *, corrections: bool = True) -> list[dict]:
    """Every quote as a dict, with its article's outlet, published date and source; as the
    analyst corrected them unless ``corrections`` is False."""
    if corrections:
        from .review import Reviewed

        return Reviewed(store).quotes()
    return [dict(row) for row in store.quotes()]


def load_stances(store, *, corrections: bool = True) -> list[dict]:
    """Every stance as a dict, with its article's outlet, published date and source; as the
    analyst corrected them unless ``corrections`` is False."""
    if corrections:
        from .review import Reviewed

        return Reviewed(store).stances()
    return [dict(row) for row in store.stances()]


def load(store, *, corrections: bool = True) -> dict[str, list[dict]]:
    """What the comparisons read: ``quotes``, ``stances`` and ``duplicate_groups`` of a store."""
    return {"quotes": load_quotes(store, corrections=corrections),
            "stances": load_stances(store, corrections=corrections),
            "duplicate_groups": store.duplicate_groups()}


# -- similarity of short texts -----------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of ``text`` in order (letters and digits; apostrophes inside words kept)."""
    return _WORD.findall(text or "")


def _normal_words(text: str) -> list[str]:
    text = re.sub(r"(?i)\bcannot\b", "can not", text or "")
    text = re.sub(r"(?i)n['\u2019]t\b", " not", text)
    return [w.casefold() for w in _WORD.findall(text)]


def _stem(word: str) -> str:
    word = re.sub(r"['\u2019]s$", "", word)
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """The stemmed content words of ``text``: what two wordings of one statement share."""
    return frozenset(_stem(w) for w in _normal_words(text) if w not in STOPWORDS)


def _trigrams(text: str) -> frozenset[str]:
    joined = " ".join(_normal_words(text))
    return frozenset(joined[i:i + 3] for i in range(len(joined) - 2))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


class _Features:
    __slots__ = ("content", "trigrams")

    def __init__(self, text: str) -> None:
        self.content = content_words(text)
        self.trigrams = _trigrams(text)


def _similarity(a: _Features, b: _Features) -> tuple[float, float]:
    """(similarity, containment) of two quotes' features."""
    similarity = (_dice(a.content, b.content) + _dice(a.trigrams, b.trigrams)) / 2
    shorter = min(len(a.content), len(b.content))
    containment = len(a.content & b.content) / shorter if shorter >= MIN_FRAGMENT_WORDS else 0.0
    return similarity, containment


def similarity(a: str, b: str) -> tuple[float, float]:
    """(similarity, containment) of two texts, each in [0, 1].

    Similarity is the mean of the Dice coefficients of their content words (stemmed, function
    words left out) and of their character trigrams; containment is the share of the shorter
    text's content words found in the longer one (0 when it has fewer than three).
    """
    return _similarity(_Features(a), _Features(b))


def word_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """A word-level diff of two wordings: (op, words of a, words of b) with op one of
    ``equal``, ``replace``, ``delete`` (only in a) and ``insert`` (only in b).

    Words are compared case-insensitively; punctuation is ignored.
    """
    wa, wb = words(a), words(b)
    matcher = difflib.SequenceMatcher(None, [w.casefold() for w in wa], [w.casefold() for w in wb],
                                      autojunk=False)
    return [(op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]


# -- quote variants ----------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _least_overlap(a: int, b: int, threshold: float, containment: float) -> float:
    """The fewest shared content words two quotes of ``a`` and ``b`` content words need to match.

    The similarity averages the content-word Dice with a trigram Dice of at most 1, so reaching
    ``threshold`` needs a content-word Dice of at least ``2 * threshold - 1``.
    """
    by_similarity = max(1.0, (2 * threshold - 1) * (a + b) / 2)
    shorter = min(a, b)
    by_containment = containment * shorter if shorter >= MIN_FRAGMENT_WORDS else float("inf")
    return min(by_similarity, max(1.0, by_containment)) - 1e-9


def _copy_map(duplicate_groups: Iterable[Mapping]) -> dict[str, tuple[str, str | None]]:
    """article id -> (near-duplicate group id, the group's original article id)."""
    out: dict[str, tuple[str, str | None]] = {}
    for group in duplicate_groups or ():
        members = group.get("members") or []
        original = next((m["article_id"] for m in members if m.get("original")), None)
        for m in members:
            out[m["article_id"]] = (str(group["id"]), original)
    return out


def _order(q: Mapping) -> tuple:
    return (q.get("published") or "", q.get("source") or "", q.get("article_id") or "",
            q.get("start") or 0, q.get("id") or "")


def _member(q: Mapping) -> dict:
    return {"quote_id": q.get("id"), "article_id": q.get("article_id"), "outlet": q.get("outlet"),
            "source": q.get("source"), "published": q.get("published"), "type": q.get("type"),
            "text": q.get("text") or "", "cue": q.get("cue"), "date": q.get("date"),
            "copy": False, "copy_of": None}


def quote_variants(quotes: Sequence[Mapping], *, threshold: float = DEFAULT_THRESHOLD,
                   containment: float = DEFAULT_CONTAINMENT,
                   duplicate_groups: Iterable[Mapping] = (), min_reports: int = 2) -> list[dict]:
    """Group the quotes that report one statement in different articles.

    Two quotes of the same speaker (``actor_id``) in different articles match when their
    :func:`similarity` is at least ``threshold``, or when the shorter one's content words are at
    least ``containment`` inside the longer one (a fragment of it); groups are the connected sets
    of matches. Articles of one near-duplicate group (``duplicate_groups``, as the store gives
    them) are one report: their members are listed with ``copy: true`` and ``copy_of`` (the
    article they copy) but counted once. Groups with fewer than ``min_reports`` independent
    reports are left out.

    Each group: ``id``, ``speaker``, ``actor_id``, ``reports``, ``outlets``, ``members`` (quote
    id, article id, outlet, source, published, type, text, cue, date, copy, copy_of; oldest
    first) and ``diffs``: every other member's wording against the first independent member's,
    word by word (see :func:`word_diff`), with ``relation`` ``same``, ``variant`` or ``fragment``.
    """
    rows = [q for q in quotes if q.get("actor_id") and (q.get("text") or "").strip()]
    rows.sort(key=_order)
    features = [_Features(q["text"]) for q in rows]
    by_actor: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(rows):
        by_actor[q["actor_id"]].append(i)
    links = _UnionFind(len(rows))
    for indices in by_actor.values():
        # Only quotes sharing enough content words can match: an inverted index per speaker finds
        # them, and a bound on the shared words skips the rest before any trigram is compared.
        postings: dict[str, list[int]] = defaultdict(list)
        for i in indices:
            shared: Counter = Counter()
            for word in features[i].content:
                shared.update(postings[word])
                postings[word].append(i)
            size = len(features[i].content)
            for j, overlap in shared.items():
                if rows[j]["article_id"] == rows[i]["article_id"]:
                    continue
                if overlap < _least_overlap(size, len(features[j].content), threshold, containment):
                    continue
                if links.find(i) == links.find(j):  # already in one group: nothing to learn
                    continue
                sim, cont = _similarity(features[j], features[i])
                if sim >= threshold or cont >= containment:
                    links.union(j, i)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        clusters[links.find(i)].append(i)
    copies = _copy_map(duplicate_groups)
    groups = []
    for members in clusters.values():
        if len({rows[i]["article_id"] for i in members}) < 2:
            continue
        group = _variant_group([rows[i] for i in members], [features[i] for i in members], copies,
                               containment)
        if group["reports"] >= min_reports:
            groups.append(group)
    groups.sort(key=lambda g: (-g["reports"], -len(g["members"]), g["members"][0]["published"] or "",
                               g["speaker"] or "", g["id"]))
    return groups


def _variant_group(rows: list[Mapping], features: list[_Features],
                   copies: Mapping[str, tuple[str, str | None]], containment: float) -> dict:
    members = [_member(q) for q in rows]
    # One report per article or near-duplicate group; the group's original speaks for it.
    reporter: dict[str, int] = {}
    for k, m in enumerate(members):
        unit, original = copies.get(m["article_id"], (m["article_id"], None))
        if unit not in reporter or (m["article_id"] == original
                                    and members[reporter[unit]]["article_id"] != original):
            reporter[unit] = k
    for k, m in enumerate(members):
        unit, _ = copies.get(m["article_id"], (m["article_id"], None))
        first = members[reporter[unit]]
        if reporter[unit] != k and first["article_id"] != m["article_id"]:
            m["copy"], m["copy_of"] = True, first["article_id"]
    ref = min(reporter.values())
    diffs = []
    for k, m in enumerate(members):
        if k == ref:
            continue
        sim, cont = _similarity(features[ref], features[k])
        ops = word_diff(members[ref]["text"], m["text"])
        if all(op == "equal" for op, _, _ in ops):
            relation = "same"
        elif cont >= containment and _much_shorter(features[ref], features[k]):
            relation = "fragment"
        else:
            relation = "variant"
        diffs.append({"quote_id": m["quote_id"], "against": members[ref]["quote_id"],
                      "relation": relation, "similarity": round(sim, 3),
                      "containment": round(cont, 3),
                      "changes": [{"a": a, "b": b} for op, a, b in ops if op != "equal"],
                      "words": [list(op) for op in ops]})
    names = Counter(q.get("actor_name") or q.get("speaker") for q in rows if q.get("actor_name") or q.get("speaker"))
    speaker = min(names, key=lambda n: (-names[n], -len(n), n)) if names else None
    outlets = list(dict.fromkeys(m["outlet"] or UNKNOWN_OUTLET for m in members if not m["copy"]))
    return {"id": content_id(*sorted(str(m["quote_id"]) for m in members)), "speaker": speaker,
            "actor_id": rows[0]["actor_id"], "reports": len(reporter), "outlets": outlets,
            "members": members, "diffs": diffs}


def _much_shorter(a: _Features, b: _Features) -> bool:
    """One of the two has at most two thirds of the other's content words."""
    short, long = sorted((len(a.content), len(b.content)))
    return 3 * short <= 2 * long


# -- whom outlets quote ------------------------------------------------------------------------


def outlet_sources(quotes: Iterable[Mapping]) -> dict[str, dict]:
    """Per outlet: how many quotes, distinct speakers, direct/indirect/mixed counts and shares,
    and each speaker quoted with count and share (most quoted first). Quotes without a speaker
    count in ``unattributed`` and in the totals, not among the actors."""
    per: dict[str, list[Mapping]] = defaultdict(list)
    for q in quotes:
        per[q.get("outlet") or UNKNOWN_OUTLET].append(q)
    out: dict[str, dict] = {}
    for outlet in sorted(per, key=lambda o: (-len(per[o]), o)):
        rows = per[outlet]
        total = len(rows)
        types = Counter(q.get("type") or "direct" for q in rows)
        speakers: dict[str, list[Mapping]] = defaultdict(list)
        for q in rows:
            if q.get("actor_id"):
                speakers[q["actor_id"]].append(q)
        actors = []
        for actor_id, said in speakers.items():
            names = Counter(q.get("actor_name") or q.get("speaker") or actor_id for q in said)
            name = min(names, key=lambda n: (-names[n], -len(n), n))
            actors.append({"actor_id": actor_id, "actor": name, "count": len(said),
                           "share": round(len(said) / total, 3)})
        actors.sort(key=lambda a: (-a["count"], a["actor"], a["actor_id"]))
        out[outlet] = {
            "quotes": total, "articles": len({q.get("article_id") for q in rows}),
            "speakers": len(speakers),
            "unattributed": sum(1 for q in rows if not q.get("actor_id")),
            "direct": types["direct"], "indirect": types["indirect"], "mixed": types["mixed"],
            "direct_share": round(types["direct"] / total, 3),
            "indirect_share": round(types["indirect"] / total, 3),
            "mixed_share": round(types["mixed"] / total, 3),
            "actors": actors,
        }
    return out


# -- whose stances outlets report --------------------------------------------------------------


def outlet_stance_mix(stances: Iterable[Mapping]) -> dict[str, dict[str, dict]]:
    """Per outlet, per proposition: ``support`` and ``oppose`` counts of the stances its coverage
    reports, and how many distinct ``actors`` hold them."""
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in stances:
        outlet = s.get("outlet") or UNKNOWN_OUTLET
        proposition = s.get("proposition") or ""
        counts[outlet][proposition][s.get("polarity") or ""] += 1
        holders[(outlet, proposition)].add(s.get("actor_id") or s.get("actor") or "")
    out: dict[str, dict[str, dict]] = {}
    for outlet in sorted(counts, key=lambda o: (-sum(sum(c.values()) for c in counts[o].values()), o)):
        out[outlet] = {p: {"support": c["support"], "oppose": c["oppose"],
                           "actors": len(holders[(outlet, p)])}
                       for p, c in sorted(counts[outlet].items())}
    return out


# -- text output -------------------------------------------------------------------------------


def _line(text: object) -> str:
    """One line of terminal-safe text: control characters and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def format_variants(groups: Sequence[Mapping]) -> list[str]:
    """Readable lines for :func:`quote_variants` groups."""
    lines: list[str] = []
    for g in groups:
        lines.append(f"{_line(g['speaker'] or g['actor_id'])}: {g['reports']} independent reports,"
                     f" {len(g['members'])} quotes ({_line(', '.join(g['outlets']))})")
        for m in g["members"]:
            mark = f" [copy of {m['copy_of']}]" if m["copy"] else ""
            lines.append(f"  {m['published'] or '????-??-??'}  {_line(m['outlet'] or UNKNOWN_OUTLET)}"
                         f" ({m['type']}){mark}: {_line(m['text'])}")
        for d in g["diffs"]:
            changes = "; ".join(_change(c["a"], c["b"]) for c in d["changes"])
            lines.append(f"    {d['relation']} ({d['similarity']:.2f}): {changes or 'same words'}")
        lines.append("")
    return lines


def _change(a: str, b: str) -> str:
    if not b:
        return f"dropped {_line(a)!r}"
    if not a:
        return f"added {_line(b)!r}"
    return f"{_line(a)!r} -> {_line(b)!r}"


def format_sources(sources: Mapping[str, Mapping], *, top: int = 10) -> list[str]:
    """Readable lines for :func:`outlet_sources` (the ``top`` speakers of each outlet)."""
    lines: list[str] = []
    for outlet, s in sources.items():
        lines.append(f"{_line(outlet)}: {s['quotes']} quotes in {s['articles']} articles,"
                     f" {s['speakers']} speakers, {s['direct_share']:.0%} direct,"
                     f" {s['indirect_share']:.0%} indirect, {s['mixed_share']:.0%} mixed,"
                     f" {s['unattributed']} unattributed")
        for a in s["actors"][:top]:
            lines.append(f"  {a['count']:4d}  {a['share']:5.0%}  {_line(a['actor'])}")
        if len(s["actors"]) > top:
            lines.append(f"  ... and {len(s['actors']) - top} more")
        lines.append("")
    return lines


def format_stance_mix(mix: Mapping[str, Mapping[str, Mapping]]) -> list[str]:
    """Readable lines for :func:`outlet_stance_mix`."""
    lines: list[str] = []
    for outlet, props in mix.items():
        lines.append(_line(outlet))
        for proposition, c in props.items():
            lines.append(f"  {_line(proposition)}: {c['support']} support, {c['oppose']} oppose"
                         f" ({c['actors']} actors)")
        lines.append("")
    return lines
