"""Stance pairs from the development set (../shared/dev): measurement only, never training.

For every gold stance: (evidence sentence, its proposition's statement, gold polarity). For the
3-way check, the same evidence against each other proposition of its debate's codebook that no gold
stance links it to: "neither". The texts are read at run time and never stored in the project.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml


def load_dev_pairs(dev_root: Path) -> list[dict]:
    rows = []
    for codebook_path in sorted((dev_root / "codebooks").glob("*.yaml")):
        debate = codebook_path.stem
        codebook = yaml.safe_load(codebook_path.read_text(encoding="utf-8"))
        statements = {p["id"]: p["statement"] for p in codebook["propositions"]}
        gold_by_evidence: dict[str, dict[str, str]] = {}
        for article in sorted((dev_root / "articles").glob(f"{debate}-*.json")):
            for stance in json.loads(article.read_text(encoding="utf-8")).get("stances", []):
                if stance["proposition"] in statements:
                    gold_by_evidence.setdefault(stance["evidence"], {})[stance["proposition"]] = stance["polarity"]
        for evidence, gold in gold_by_evidence.items():
            for prop_id, statement in statements.items():
                rows.append(
                    {
                        "text": evidence,
                        "hypothesis": statement,
                        "label": gold.get(prop_id, "neither"),
                        "debate": debate,
                        "source": "dev",
                    }
                )
    return rows
