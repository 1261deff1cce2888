"""Publication dates of the 1,000-page web benchmark: from the HTML and from the plain visible text.

Usage:
    python bench/bench_dates.py [--data FOLDER] [--limit N] [--show N]

For every page whose ground truth has a full ``publish_date`` (YYYY-MM-DD; 510 of the 1,000):

- ``html``: the date :func:`stancemap.ingest.html.extract_html` gives (trafilatura's date, else
  htmldate), as ``stancemap run`` on a saved page;
- ``text``: the date :func:`stancemap.clean.clean_article` reads from the page's naive visible text
  (``bench_clippings.py``'s clipping), as for a pasted clipping.

Prints accuracy (exact date) and the share of pages with no date (a clear null) for both; with
``--show`` the first N wrong dates. The other pages (no date in the ground truth) are counted for
how often a date is given anyway.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "web-content-extraction-benchmark"
FULL_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)

    from bench_clippings import decode, naive_clipping

    from stancemap.clean import clean_article
    from stancemap.errors import InputError
    from stancemap.ingest.html import extract_html
    from stancemap.model import RawArticle

    paths = sorted((args.data / "ground-truth").glob("*.json"))
    if args.limit:
        paths = paths[: args.limit]
    counts = {"html": [0, 0, 0], "text": [0, 0, 0]}  # right, null, total (dated pages)
    undated = {"html": [0, 0], "text": [0, 0]}  # given a date anyway, total
    wrong: list[str] = []
    for path in paths:
        gold = (json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("publish_date") or "").strip()
        page = args.data / "html" / f"{path.stem}.html.gz"
        if not page.exists():  # a ground truth without its page
            continue
        html = gzip.decompress(page.read_bytes())
        try:
            from_html = extract_html(decode(html), str(path)).published
        except InputError:
            from_html = None
        try:
            from_text = clean_article(RawArticle(source=path.stem, path=path.stem, text=naive_clipping(html))).published
        except Exception:  # noqa: BLE001 - a page lxml cannot read has no text date
            from_text = None
        for name, found in (("html", from_html), ("text", from_text)):
            if FULL_DATE.match(gold):
                counts[name][0] += int(found == gold)
                counts[name][1] += int(found is None)
                counts[name][2] += 1
                if found != gold and name == "text" and len(wrong) < args.show:
                    wrong.append(f"  {path.stem}: text {found}, html {from_html}, gold {gold}")
            elif not gold:
                undated[name][0] += int(found is not None)
                undated[name][1] += 1
    for name in ("html", "text"):
        right, null, total = counts[name]
        given, none_total = undated[name]
        print(f"{name:5s} dated pages={total} accuracy={right / max(total, 1):.3f} null={null / max(total, 1):.3f}"
              f"  | pages without a date: given one on {given}/{none_total}")
    print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
