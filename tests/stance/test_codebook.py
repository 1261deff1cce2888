"""Codebook loading: the valid format, and one clear message per way of getting it wrong."""

from __future__ import annotations

import pytest

from stancemap.errors import CodebookError
from stancemap.stance import load_codebook

VALID = """\
name: Congestion charging in Riverton
propositions:
  - id: congestion-charge
    statement: Riverton should introduce a congestion charge for cars entering the centre.
    keywords: [road pricing, toll]
    support_examples:
      - The charge would cut traffic and clean the air.
    oppose_examples:
      - The charge would punish commuters who have no alternative.
    description: Covers any fee for driving into the centre.
  - id: tram_extension
    statement: The tram line should be extended to the airport.
"""


def write(tmp_path, text: str | bytes, name: str = "codebook.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_codebook_loads_every_field(tmp_path):
    codebook = load_codebook(write(tmp_path, VALID))
    assert codebook.name == "Congestion charging in Riverton"
    assert [p.id for p in codebook.propositions] == ["congestion-charge", "tram_extension"]
    charge = codebook.get("congestion-charge")
    assert charge.statement.startswith("Riverton should introduce")
    assert charge.keywords == ("road pricing", "toll")
    assert charge.support_examples == ("The charge would cut traffic and clean the air.",)
    assert charge.oppose_examples == ("The charge would punish commuters who have no alternative.",)
    assert charge.description == "Covers any fee for driving into the centre."
    tram = codebook.get("tram_extension")
    assert tram.keywords == () and tram.description is None
    assert codebook.path == str(tmp_path / "codebook.yaml")


def test_codebook_loads_the_seed_codebook(shared):
    codebook = load_codebook(shared / "seeds" / "codebook.yaml")
    assert len(codebook.propositions) == 5
    assert codebook.get("ukraine-nato-membership") is not None


# (YAML text, the entry the message must name, words the message must contain: the key and the fix)
MALFORMED = [
    ("propositions:\n  - id: a\n    statement: [unclosed\n", "line", ["not valid YAML", "fix the syntax"]),
    ("- id: a\n  statement: b\n", None, ["not a mapping", "propositions:"]),
    ("just a sentence\n", None, ["not a mapping"]),
    ("", None, ["empty", "propositions:"]),
    ("name: x\n", None, ["no 'propositions'", "add 'propositions:'"]),
    ("propositions: []\n", None, ["non-empty list"]),
    ("propositions: some text\n", None, ["must be a non-empty list"]),
    ("propositions:\n  - just text\n", "proposition 1", ["not a mapping", "'- id: ...'"]),
    ("propositions:\n  - statement: Cars should pay.\n", "proposition 1", ["'id'", "unique 'id'"]),
    ("propositions:\n  - id: a\n    statement: x\n  - id: b\n", "proposition 'b'", ["'statement'", "needs"]),
    ("propositions:\n  - id: a\n    statement: '  '\n", "proposition 'a'", ["'statement'", "empty"]),
    ("propositions:\n  - id: ''\n    statement: x\n", "proposition 1", ["'id'", "unique"]),
    ("propositions:\n  - id: a\n    statement: x\n  - id: a\n    statement: y\n", "proposition 2",
     ["duplicate id 'a'", "proposition 1", "unique id"]),
    ("propositions:\n  - id: Carbon Tax!\n    statement: x\n", "proposition 1",
     ["not slug-like", "'carbon-tax'"]),
    ("propositions:\n  - id: [a]\n    statement: x\n", "proposition 1", ["'id' is a list", "slug"]),
    ("propositions:\n  - id: a\n    statement: [x, y]\n", "proposition 'a'", ["'statement' is a list", "one sentence"]),
    ("propositions:\n  - id: a\n    statement: x\n    keywords: toll\n", "proposition 'a'",
     ["'keywords' is a single string", "as a list"]),
    ("propositions:\n  - id: a\n    statement: x\n    support_examples: {a: 1}\n", "proposition 'a'",
     ["'support_examples' is a mapping", "list of strings"]),
    ("propositions:\n  - id: a\n    statement: x\n    oppose_examples: [ok, 3]\n", "proposition 'a'",
     ["'oppose_examples' item 2 is a number", "non-empty text"]),
    ("propositions:\n  - id: a\n    statement: x\n    description: [x]\n", "proposition 'a'",
     ["'description' is a list", "as text"]),
    ("propositions:\n  - id: a\n    statement: x\n    keyword: [toll]\n", "proposition 'a'",
     ["unknown key(s) 'keyword'", "allowed keys are", "'keywords'"]),
    ("title: x\npropositions:\n  - id: a\n    statement: x\n", None,
     ["unknown top-level key(s) 'title'", "allowed keys are 'name', 'propositions'"]),
    ("name: [x]\npropositions:\n  - id: a\n    statement: x\n", None, ["'name' is a list", "as text"]),
]


@pytest.mark.parametrize(("text", "entry", "words"), MALFORMED, ids=[str(i) for i in range(len(MALFORMED))])
def test_codebook_malformed_names_file_entry_and_fix(tmp_path, text, entry, words):
    path = write(tmp_path, text)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert info.value.path == str(path)
    if entry is not None:
        assert info.value.entry is not None and info.value.entry.startswith(entry), message
        assert entry in message
    else:
        assert info.value.entry is None, message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_codebook_yaml_error_reports_the_line(tmp_path):
    path = write(tmp_path, "propositions:\n  - id: a\n    statement: x\n  - id: b\n   statement: y\n")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "line 5" in str(info.value) or "line 4" in str(info.value)


def test_codebook_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(CodebookError, match="no such file; check the path") as info:
        load_codebook(path)
    assert info.value.path == str(path)


def test_codebook_folder(tmp_path):
    with pytest.raises(CodebookError, match="is a folder"):
        load_codebook(tmp_path)


def test_codebook_binary_file(tmp_path):
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="codebook.png")
    with pytest.raises(CodebookError, match="binary file, not YAML"):
        load_codebook(path)


def test_codebook_not_utf8(tmp_path):
    path = write(tmp_path, "propositions:\n  - id: a\n    statement: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CodebookError, match="not UTF-8.*save the codebook as UTF-8"):
        load_codebook(path)


def test_codebook_unreadable_file(tmp_path):
    import os

    path = write(tmp_path, VALID)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(CodebookError, match="cannot be read.*permissions"):
            load_codebook(path)
    finally:
        path.chmod(0o644)


def test_codebook_numeric_id_is_accepted_as_slug(tmp_path):
    codebook = load_codebook(write(tmp_path, "propositions:\n  - id: 42\n    statement: x\n"))
    assert codebook.propositions[0].id == "42"
