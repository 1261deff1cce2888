import codecs
import gzip

import pytest

from stancemap.errors import InputError
from stancemap.ingest import discover_inputs, read_articles


def _read(path):
    return list(read_articles(path))


def test_text_reads_utf8_and_keeps_name(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody “quoted” text.\n", encoding="utf-8")
    [article] = _read(path)
    assert article.source == "a.txt"
    assert article.text == "Headline\n\nBody “quoted” text.\n"
    assert article.format == "text"


@pytest.mark.parametrize("bom,encoding", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_text_strips_byte_order_marks(tmp_path, bom, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + "Zelenskyy said “no”.".encode(encoding))
    [article] = _read(path)
    assert article.text == "Zelenskyy said “no”."


def test_text_normalizes_mixed_line_endings(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour")
    [article] = _read(path)
    assert article.text == "one\ntwo\nthree\nfour"


def test_text_detects_legacy_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    text = ("Le ministre a déclaré que l'adhésion n'était pas réaliste. " * 5).strip()
    path.write_bytes(text.encode("cp1252"))
    [article] = _read(path)
    assert "déclaré" in article.text and "adhésion" in article.text


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x00\x01\x02binary\x00stuff", "binary"),
    (gzip.compress(b"x" * 2000), "binary"),
])
def test_text_bad_input_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        _read(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_text_huge_file_is_refused(tmp_path, monkeypatch):
    from stancemap.ingest import text

    monkeypatch.setattr(text, "MAX_ARTICLE_BYTES", 100)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 100)
    with pytest.raises(InputError, match="MB"):
        _read(path)


def test_discover_walks_folders_and_notes_skips(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub" / "a.txt").write_text("a")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("h")
    files, notes = discover_inputs([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["b.txt", "a.txt"]
    assert any("skipped 1 file " in n and ".png" in n for n in notes)
    assert any("missing.txt" in n for n in notes)


def test_discover_does_not_list_a_file_twice(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    files, _ = discover_inputs([tmp_path, tmp_path / "a.txt"])
    assert len(files) == 1
