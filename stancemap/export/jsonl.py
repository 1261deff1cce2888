"""The JSON Lines export: one JSON object per article. A public contract (docs/jsonl.md).

Field names follow the gold annotation format, so ``shared/eval/score.py`` reads the export as is.
Fields are only ever added; a change to an existing field is a breaking change and goes in
CHANGELOG.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from ..review import Reviewed
from ..store import SQLiteStore

FORMAT_VERSION = 1


def article_records(store: SQLiteStore, *, corrections: bool = True) -> Iterator[dict]:
    """Yield one export record per stored article, in publication order.

    With ``corrections`` (the default) quotes and stances are as the analyst corrected them
    (rejected ones left out, added ones in, each with its ``review`` status); without, they are
    the automatic records as stored.
    """
    view = Reviewed(store) if corrections else None
    copies = {}
    for group in store.duplicate_groups():
        original = group["members"][0]
        for m in group["members"]:
            copies[m["article_id"]] = {
                "group": group["id"], "kind": group["kind"], "original": m["original"],
                "original_source": original["source"], "similarity": round(m["similarity"], 3),
                "members": [x["source"] for x in group["members"]]}
    for a in store.articles():
        removed = store.removed_lines(a["id"])
        noise = [r for r in removed if r["reason"] != "repeated-paragraph"]
        quotes = [
            {
                "id": q["id"],
                "speaker": q["actor_name"],
                "speaker_mention": q["speaker_mention"],
                "speaker_span": ([q["speaker_start"], q["speaker_end"]]
                                 if q["speaker_start"] is not None else None),
                # The gold format knows direct and indirect; a mixed quote (reported content
                # carrying a quoted fragment) is indirect there, flagged by "mixed".
                "type": "direct" if q["type"] == "direct" else "indirect",
                "mixed": q["type"] == "mixed",
                "text": q["text"],
                "cue": q["cue"],
                "channel": q.get("channel"),
                "date": q["date"],
                "date_granularity": q["date_granularity"],
                "date_text": q["date_text"],
                "evidence": q["evidence"],
                "start": q["start"],
                "end": q["end"],
                "confidence": round(q["confidence"], 3),
                "method": q["method"],
                "review": q.get("review", "auto"),
            }
            for q in (view.quotes(a["id"]) if view else map(dict, store.quotes(a["id"])))
        ]
        stances = [
            {
                "id": s["id"],
                "actor": s["actor_name"],
                "proposition": s["proposition"],
                "polarity": s["polarity"],
                "evidence": s["evidence"],
                "confidence": round(s["confidence"], 3),
                "reporter": s["reporter"],
                "quote_id": s["quote_id"],
                "date": s["date"],
                "method": s["method"],
                "review": s.get("review", "auto"),
            }
            for s in (view.stances(a["id"]) if view else map(dict, store.stances(a["id"])))
        ]
        yield {
            "format": FORMAT_VERSION,
            "id": a["id"],
            "source": a["source"],
            "path": a["path"],
            "url": a["url"],
            "title": a["title"],
            "outlet": a["outlet"],
            "author": a["author"],
            "published": a["published"],
            "language": a["language"],
            "removed_lines": [r["text"] for r in noise],
            "removed": [{"line": r["text"], "reason": r["reason"]} for r in removed],
            "repeated_paragraphs": a["repeated_paragraphs"],
            "duplicates": copies.get(a["id"]),
            "text": a["text"][a["body_start"]:],
            "quotes": quotes,
            "stances": stances,
            "actors": store.article_actors(a["id"]),
        }


def write_jsonl(store: SQLiteStore, out: IO[str], *, corrections: bool = True) -> int:
    """Write the export to ``out``; return the number of articles written."""
    n = 0
    for record in article_records(store, corrections=corrections):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
