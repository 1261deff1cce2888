"""Names from the input are shown escaped in the terminal: a file name cannot forge lines."""

from __future__ import annotations

from click.testing import CliRunner

from stancemap.cli import cli
from stancemap.errors import printable


def test_printable_escapes_line_breaks_escape_sequences_and_bidi_overrides():
    assert printable("plain name.txt") == "plain name.txt"
    assert printable("a\nOK: 0 problems") == "a\\nOK: 0 problems"
    assert printable("red\x1b[31m") == "red\\x1b[31m"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert printable("tab\there") == "tab\\there"


def test_a_file_name_with_a_newline_cannot_forge_a_line_of_output(tmp_path):
    bad = tmp_path / "x\n0 problems: all good.jsonl"
    bad.write_text("junk {\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(bad), "--db", str(tmp_path / "t.db")])
    lines = result.output.splitlines()
    assert not any(line.startswith("0 problems: all good") for line in lines), result.output
    assert any("x\\n0 problems: all good.jsonl" in line for line in lines), result.output
