"""Plain-text clippings: any encoding (detected), BOM and mixed line endings handled; ``*.txt.gz``
read transparently."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import RawArticle
from .common import read_input_bytes

# An article is a few kB; a file this large is a dump or a mistake, not one article.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# Share of control characters (other than tab/newline/CR/FF) above which bytes are not text.
MAX_CONTROL_SHARE = 0.01
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, as Python's text mode reads files (offsets refer to this)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, where: str) -> str:
    """Decode article bytes: BOM first, then strict UTF-8, then the detected encoding.

    Raises InputError when the bytes are binary or no encoding decodes them sensibly.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(where, f"starts with a {encoding} byte-order mark but does not "
                                 f"decode as {encoding} ({err.reason} at byte {err.start})") from err
    if b"\x00" in data[:8192]:
        raise InputError(where, "looks like a binary file (it contains NUL bytes), not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError(where, "cannot be decoded as text in any known encoding; "
                             "convert it to UTF-8") from None
        text = str(best)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if text and controls / min(len(text), 65536) > MAX_CONTROL_SHARE:
        raise InputError(where, "looks like a binary file (control characters), not a text article")
    return text


def read_text_article(path: Path) -> list[RawArticle]:
    """Read one plain-text article (``*.gz`` decompressed transparently).

    Raises InputError for unreadable, binary, empty or huge files.
    """
    where = str(path)
    data = read_input_bytes(path, MAX_ARTICLE_BYTES)
    text = normalize_newlines(decode_bytes(data, where))
    if not text.strip():
        raise InputError(where, "is empty (no text to analyse)")
    return [RawArticle(source=path.name, path=where, text=text, format="text")]
