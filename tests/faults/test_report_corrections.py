"""The report reads corrected records whose evidence was not found in the article (no offsets)."""

from __future__ import annotations

import pytest

from stancemap.export import write_report
from stancemap.review.corrections import add_correction
from stancemap.store import open_store

pytestmark = pytest.mark.model


def test_report_renders_an_added_stance_whose_evidence_is_not_in_the_text(demo_db_copy, tmp_path):
    # docs/corrections.md's example: the analyst paraphrases the evidence, so it has no offset.
    with open_store(demo_db_copy) as store:
        article = next(a for a in store.articles() if a["source"].startswith("04_"))
        add_correction(store, "stance.add", article["id"],
                       {"actor": "Bartol Krenz", "proposition": "pipeline-referendum",
                        "polarity": "support", "evidence": "Krenz called for a vote."})
    out = tmp_path / "r.html"
    with open_store(demo_db_copy, readonly=True) as store:
        write_report(store, out)
    assert "Krenz called for a vote." in out.read_text(encoding="utf-8")
