"""Build ``stancemap/actors/data/given_names.tsv``: given names with a clear gender, from a public
name-gender dataset, so that pronoun resolution can keep "she" off a man's name (and "he" off a
woman's) before any pronoun in the article has told.

Source: nomquamgender 0.1.4 (Van Buskirk, Clauset and Larremore, "An open-source cultural consensus
approach to name-based gender classification", ICWSM 2023; MIT licence), whose ``name_data.json``
gives for each name the number of sources, the count of people and p(gf), the share of the name's
bearers read as women across 36 national and international sources. Install it with
``pip install -e '.[train]'`` (or ``pip install --no-deps nomquamgender==0.1.4``: the data file is
all this script reads, so pandas is not needed), then run::

    python scripts/build_given_names.py

Kept: names of Latin letters (hyphens and apostrophes allowed), at least MIN_SOURCES sources and
MIN_COUNT bearers, and p(gf) >= 1 - MAX_UNCERTAINTY (f) or <= MAX_UNCERTAINTY (m). The output is
sorted, one ``name<TAB>f|m`` a line, so a rebuild from the same data gives the same file.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

# Thresholds: nomquamgender's own default uncertainty cut is 0.1 (p(gf) outside (0.1, 0.9) is
# classified); names seen in few sources or borne by few people are left out as noise.
MAX_UNCERTAINTY = 0.1
MIN_SOURCES = 5
MIN_COUNT = 100
_NAME = re.compile(r"^[a-z][a-z'\-]*[a-z]$")
OUT = Path(__file__).resolve().parent.parent / "stancemap" / "actors" / "data" / "given_names.tsv"


def main() -> int:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        print("nomquamgender is not installed: pip install --no-deps nomquamgender==0.1.4", file=sys.stderr)
        return 1
    data_file = Path(list(spec.submodule_search_locations)[0]) / "name_data.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    rows = []
    for name, (sources, count, pgf, *_rest) in data.items():
        if not _NAME.match(name) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        if pgf >= 1 - MAX_UNCERTAINTY:
            rows.append(f"{name}\tf")
        elif pgf <= MAX_UNCERTAINTY:
            rows.append(f"{name}\tm")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# given name<TAB>f|m, built by scripts/build_given_names.py from nomquamgender 0.1.4"
                   " (MIT)\n" + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
