"""An actors file's ``distinct:`` groups undo inferred merges, within an article and across the
corpus, through the whole pipeline."""

import pytest

from stancemap.pipeline import run_pipeline
from stancemap.settings import Settings
from stancemap.store import open_store

pytestmark = pytest.mark.model

ONE = """Harbour fees divide the Toporov family

Published March 4, 2026

Mikhail Toporov, the mayor of Sarnholm, said on Monday that the harbour would stay open.

His nephew Michael Toporov, a shipping executive, said the new fees were far too high.

"We will appeal the decision," Michael Toporov told reporters.
"""

TWO = """Shipping firms appeal harbour fees

Published March 6, 2026

Michael Toporov said on Wednesday that the shipping firms had filed their appeal.
"""


def _run(tmp_path, name, actors_text=None):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "one.txt").write_text(ONE, encoding="utf-8")
    (folder / "two.txt").write_text(TWO, encoding="utf-8")
    actors = None
    if actors_text is not None:
        actors = tmp_path / f"{name}.yaml"
        actors.write_text(actors_text, encoding="utf-8")
    with open_store(tmp_path / f"{name}.db") as store:
        run_pipeline([folder], store, Settings(actors=str(actors) if actors else None))
        speakers = sorted((q["actor_name"], q["text"][:20]) for q in store.quotes())
        people = {a["name"]: a for a in store.actors() if a["type"] == "person" and a["quotes"]}
    return speakers, people


def test_distinct_names_stay_apart_in_the_article_and_across_the_corpus(tmp_path):
    speakers, people = _run(tmp_path, "inferred")
    assert {name for name, _ in speakers} == {"Mikhail Toporov"}  # merged by the given-name families
    assert set(people) == {"Mikhail Toporov"}

    speakers, people = _run(tmp_path, "distinct", "distinct:\n  - [Mikhail Toporov, Michael Toporov]\n")
    assert speakers == [("Michael Toporov", "We will appeal the d"), ("Michael Toporov", "the new fees were fa"),
                        ("Michael Toporov", "the shipping firms h"), ("Mikhail Toporov", "the harbour would st")]
    assert set(people) == {"Mikhail Toporov", "Michael Toporov"}
    assert people["Michael Toporov"]["articles"] == 2 and people["Mikhail Toporov"]["articles"] == 1
    assert people["Michael Toporov"]["id"] != people["Mikhail Toporov"]["id"]


def test_distinct_names_with_an_entry_keep_the_entry_for_its_own_name(tmp_path):
    speakers, people = _run(tmp_path, "entry", "actors:\n  - name: Mikhail Toporov\n    roles: [Mayor of Sarnholm]\n"
                            "distinct:\n  - [Mikhail Toporov, Michael Toporov]\n")
    assert ("Mikhail Toporov", "the harbour would st") in speakers
    assert ("Michael Toporov", "the shipping firms h") in speakers
    assert "Mayor of Sarnholm" in people["Mikhail Toporov"]["roles"]
    assert "Mayor of Sarnholm" not in people["Michael Toporov"]["roles"]
