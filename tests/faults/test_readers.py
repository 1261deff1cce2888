"""Hostile input files: each reader keeps going after a bad record, and a file that is junk
through and through is one problem, not one per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancemap.errors import InputError
from stancemap.ingest import read_articles
from stancemap.model import Problem, RawArticle


def _read(path: Path) -> tuple[list[RawArticle], list[Problem]]:
    items = list(read_articles(path))
    return ([i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Problem)])


def _laughs(body: str) -> str:
    head = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    previous = "lol"
    for i in range(1, 10):
        head += f' <!ENTITY lol{i} "' + f"&{previous};" * 10 + '">\n'
        previous = f"lol{i}"
    return head + "]>\n" + body


def test_a_deeply_nested_json_line_is_one_problem_and_later_records_are_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([json.dumps({"text": "First article."}), "[" * 100_000 + "]" * 100_000,
                               '{"a": ' * 50_000 + "1" + "}" * 50_000,
                               json.dumps({"text": "Second article."})]) + "\n", encoding="utf-8")
    articles, problems = _read(path)
    assert [a.text for a in articles] == ["First article.", "Second article."]
    assert [p.source for p in problems] == ["deep.jsonl#2", "deep.jsonl#3"]
    assert all("nested too deeply" in p.message for p in problems)


def test_a_deeply_nested_json_file_is_a_clear_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        list(read_articles(path))


def test_a_billion_laughs_feed_keeps_its_valid_item(tmp_path):
    path = tmp_path / "laughs.rss"
    path.write_text(_laughs('<rss version="2.0"><channel><title>&lol9;</title>'
                            "<item><title>Bad</title><description>&lol9;</description></item>"
                            "<item><title>Good</title><description>A valid item with text."
                            "</description></item></channel></rss>\n"), encoding="utf-8")
    articles, problems = _read(path)
    assert [a.text for a in articles] == ["A valid item with text."]
    assert "lol" not in (articles[0].outlet or "") and len(problems) == 1


def test_deeply_nested_markup_in_a_feed_item_is_read(tmp_path):
    path = tmp_path / "deep.rss"
    markup = "<div>" * 5000 + "<p>Deep words here.</p>" + "</div>" * 5000
    path.write_text('<rss version="2.0"><channel><title>T</title><item><title>A</title>'
                    f"<description><![CDATA[{markup}]]></description></item>"
                    "<item><title>B</title><description>Plain item.</description></item>"
                    "</channel></rss>", encoding="utf-8")
    articles, problems = _read(path)
    assert "Plain item." in [a.text for a in articles]
    assert len(articles) + len(problems) == 2


def test_a_junk_jsonl_file_is_one_problem_not_one_per_line(tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text("\n".join(f"junk line {i} {{{{{{" for i in range(786)) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON Lines"):
        list(read_articles(path))


def test_bad_lines_among_good_ones_are_each_a_problem(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = ["junk {"] * 3 + [json.dumps({"text": "Good article."})] + ["junk {"] * 2
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = _read(path)
    assert [a.text for a in articles] == ["Good article."]
    assert [p.source for p in problems] == [f"mixed.jsonl#{n}" for n in (1, 2, 3, 5, 6)]
