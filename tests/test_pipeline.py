"""The main job end to end: problems recorded per article, re-runs, workers."""

import json
import shutil

import pytest
from click.testing import CliRunner

from stancemap import pipeline
from stancemap.cli import cli
from stancemap.settings import Settings
from stancemap.store import open_store

pytestmark = pytest.mark.model

ARTICLE = """Council backs tram plan

Published March 4, 2026

Mayor Lena Ortiz said on Monday that the tram line "will be built this decade".

"We cannot wait any longer," she told reporters.
"""


@pytest.fixture
def corpus(tmp_path, demo_corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(demo_corpus.glob("*.txt"))[:4]:
        shutil.copy(path, folder / path.name)
    return folder


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_pipeline_bad_inputs_become_problems_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    db = tmp_path / "t.db"
    result = _invoke("run", folder, "--db", db)
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert "2 problems" in result.output
    with open_store(db, readonly=True) as store:
        assert store.count("articles") == 1
        problems = store.problems()
        assert {p["stage"] for p in problems} == {"ingest"}
        assert any("binary" in p["message"] for p in problems)
        [quote] = [q for q in store.quotes() if "cannot wait" in q["text"]]
        assert quote["actor_name"] == "Lena Ortiz"


def test_pipeline_stage_failure_keeps_earlier_records(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "t.db"
    assert _invoke("run", folder, "--db", db).exit_code == 0
    with open_store(db, readonly=True) as store:
        before = [dict(q) for q in store.quotes()]
    assert before

    def broken(doc, article):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "harvest", broken)
    result = _invoke("run", folder, "--db", db, "--force")
    assert result.exit_code == 1
    assert "[quotes]" in result.output and "boom" in result.output
    with open_store(db, readonly=True) as store:
        assert [dict(q) for q in store.quotes()] == before
        assert store.problems()[-1]["stage"] == "quotes"


def test_pipeline_rerun_updates_rather_than_duplicates(corpus, tmp_path, demo_corpus):
    db = tmp_path / "t.db"
    codebook = demo_corpus / "codebook.yaml"
    first = _invoke("run", corpus, "--codebook", codebook, "--db", db)
    assert first.exit_code == 0, first.output
    with open_store(db, readonly=True) as store:
        counts = {t: store.count(t) for t in ("articles", "quotes", "stances", "actors")}
    assert counts["articles"] == 4 and counts["quotes"] > 0 and counts["stances"] > 0
    second = _invoke("run", corpus, "--codebook", codebook, "--db", db)
    assert "4 already up to date" in second.output
    forced = _invoke("run", corpus, "--codebook", codebook, "--db", db, "--force")
    assert "4 articles analysed" in forced.output
    with open_store(db, readonly=True) as store:
        assert {t: store.count(t) for t in counts} == counts
        assert store.count("runs") == 3


def test_pipeline_workers_give_the_same_records(corpus, tmp_path, demo_corpus):
    codebook = str(demo_corpus / "codebook.yaml")
    exports = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with open_store(db) as store:
            summary = pipeline.run_pipeline(
                [corpus], store, Settings(workers=workers, batch_size=1, codebook=codebook))
        assert summary.ok and summary.articles == 4
        out = _invoke("export", "--db", db).output
        exports.append([json.loads(line) for line in out.splitlines()])
    assert exports[0] == exports[1]


def test_pipeline_without_codebook_has_no_stances(corpus, tmp_path):
    db = tmp_path / "t.db"
    assert _invoke("run", corpus, "--db", db).exit_code == 0
    with open_store(db, readonly=True) as store:
        assert store.count("stances") == 0 and store.count("quotes") > 0


def test_pipeline_malformed_codebook_stops_before_any_work(corpus, tmp_path):
    bad = tmp_path / "codebook.yaml"
    bad.write_text("propositions:\n  - statement: no id here\n")
    db = tmp_path / "t.db"
    result = _invoke("run", corpus, "--codebook", bad, "--db", db)
    assert result.exit_code == 1
    assert str(bad) in result.output and "id" in result.output
    with open_store(db) as store:
        assert store.count("articles") == 0


def test_pipeline_unknown_model_is_a_clear_error(corpus, tmp_path):
    result = _invoke("run", corpus, "--db", tmp_path / "t.db", "--model", "no_such_pipeline")
    assert result.exit_code == 1
    assert "no_such_pipeline" in result.output


def test_pipeline_actors_file_overrides_inferred_identity(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    actors = tmp_path / "actors.yaml"
    actors.write_text("actors:\n  - name: Lena Ortiz-Vidal\n    aliases: [Lena Ortiz]\n"
                      "    type: person\n    roles: [Mayor of Riverton]\n", encoding="utf-8")
    db = tmp_path / "t.db"
    assert _invoke("run", folder, "--db", db, "--actors", actors).exit_code == 0
    with open_store(db, readonly=True) as store:
        speakers = {q["actor_name"] for q in store.quotes()}
        assert speakers == {"Lena Ortiz-Vidal"}
        [actor] = [a for a in store.actors() if a["name"] == "Lena Ortiz-Vidal"]
        assert "Mayor of Riverton" in actor["roles"]
    # a bad actors file stops the run before any work, naming the file
    actors.write_text("actors:\n  - aliases: [x]\n", encoding="utf-8")
    result = _invoke("run", folder, "--db", tmp_path / "u.db", "--actors", actors)
    assert result.exit_code == 1 and "actors.yaml" in result.output and "name" in result.output


def test_pipeline_boilerplate_lines_per_outlet():
    from stancemap.clean import find_common_lines
    from stancemap.model import RawArticle

    footer = "Harbour News is published by Bay Media Group."
    raws = [RawArticle(source=f"h{i}.html", path="p", outlet="Harbour News",
                       text=f"Story {i} about the ferry.\n\nThe council met on day {i} to discuss fares.\n"
                            f"{footer}\nContact the newsroom")
            for i in range(4)]
    raws += [RawArticle(source=f"o{i}.txt", path="p", text=f"Other story {i}.\n\nA different body, number {i}.")
             for i in range(200)]
    assert footer not in find_common_lines(raw.text for raw in raws)  # too rare corpus-wide
    assert footer in pipeline.find_boilerplate_lines(raws)


def test_pipeline_surname_alone_joins_the_one_full_name_in_the_corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Tram plan approved\n\nMayor Lena Ortiz said on Monday that the tram line would be built.\n\n"
        "Councillor Anna Berg said the vote was a mistake.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Ortiz defends tram\n\nOrtiz said on Tuesday that the tram would cut traffic.\n\n"
        "Paul Berg, a shop owner, said the works would hurt trade.\n", encoding="utf-8")
    (folder / "c.txt").write_text(
        "Tram row goes on\n\nOrtiz said the budget was safe.\n\nBerg said the council had not listened.\n",
        encoding="utf-8")
    with open_store(tmp_path / "t.db") as store:
        pipeline.run_pipeline([folder], store, Settings())
        speakers = {(q["source"], q["actor_name"]) for q in store.quotes()}
        actors = {a["name"]: a for a in store.actors()}
    # "Ortiz" alone is the one Ortiz with a full name; "Berg" alone could be either Berg.
    assert ("b.txt", "Lena Ortiz") in speakers and ("c.txt", "Lena Ortiz") in speakers
    assert "Ortiz" not in actors and "Ortiz" in actors["Lena Ortiz"]["aliases"]
    assert ("c.txt", "Berg") in speakers and {"Anna Berg", "Paul Berg", "Berg"} <= set(actors)
