"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``, gzipped too): one article per item/entry.

RSS 2.0 (``<rss><channel><item>``), RSS 1.0/RDF (``<rdf:RDF><item>``) and Atom (``<feed><entry>``)
are read with lxml (external entities and network access off; broken XML recovered where it can
be). Fields of each entry, the first one present:

=========  ======================================================================================
field      from
=========  ======================================================================================
text       ``content:encoded``, Atom ``content``, ``description``, ``summary``: markup goes
           through the HTML extraction (or, when that keeps less than half of it, a plain
           conversion of its block elements to lines); plain text is kept as it is
title      ``title``
url        ``link`` (Atom: ``rel="alternate"`` or no ``rel``), else a permalink ``guid``/``id``
published  ``pubDate``, ``published``, ``dc:date``, ``updated`` (RFC 822 or ISO 8601), YYYY-MM-DD
author     ``dc:creator``, ``author`` (RSS ``email (Name)``; Atom ``author/name``)
outlet     the channel's or feed's ``title``
language   the entry's or channel's ``language`` / ``dc:language`` / ``xml:lang``
=========  ======================================================================================

Each entry's ``source`` is ``NAME#N`` (N from 1, in document order). An entry without text is a
problem and the rest is read. An ``.xml`` file that is not a feed is not an article file
(:class:`~stancemap.ingest.common.NotArticles`, which the pipeline notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import Problem, RawArticle
from .common import NotArticles, iso_date, read_input_bytes
from .html import extract_html
from .text import normalize_newlines

# A document type declaration in the prolog, internal subset included. Feeds need none; its entity
# definitions are what a billion-laughs file is made of (lxml then stops at the amplification and
# the valid items are lost), so it is removed before parsing and references to its entities drop.
_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
# A feed is read whole; one larger than this is not a feed but a dump.
MAX_FEED_BYTES = 256 * 1024 * 1024
XML_NS = "http://www.w3.org/XML/1998/namespace"
CONTENT_ORDER = ("encoded", "content", "description", "summary")
DATE_ORDER = ("pubDate", "published", "date", "issued", "updated", "modified")
AUTHOR_ORDER = ("creator", "author")
# Markup in a text field: a tag of the kinds that article HTML uses.
_MARKUP = re.compile(r"<\s*/?\s*(p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|img|blockquote|figure|"
                     r"table|tr|td|section|article|header|footer|iframe|script|style)\b", re.I)
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "figcaption", "pre", "dd", "dt", "header", "footer", "ul", "ol", "table"}
_DROP = {"script", "style", "noscript", "iframe", "form", "button", "svg"}
_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)\s*$")


def read_feed(path: Path) -> Iterator[RawArticle | Problem]:
    """Read an RSS or Atom feed: one RawArticle per entry with text, a Problem per entry without."""
    where = str(path)
    data = read_input_bytes(path, MAX_FEED_BYTES)
    is_xml_name = path.name.lower().removesuffix(".gz").endswith(".xml")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    data = _without_doctype(data)
    try:
        root = etree.fromstring(data.lstrip(), parser=parser) if data.strip() else None
    except etree.XMLSyntaxError as err:
        root = None
        reason = str(err)
    else:
        reason = "no XML element found"
    if root is None:
        if is_xml_name:
            raise NotArticles(where, f"skipped: not an RSS or Atom feed ({reason})")
        raise InputError(where, f"is not a readable RSS or Atom feed ({reason})")
    _drop_entities(root)
    kind = _local(root)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise InputError(where, "is an RSS document without a <channel>")
        entries = _children(channel, "item")
        feed = channel
    elif kind == "RDF":
        feed = _child(root, "channel")
        entries = _children(root, "item")
    elif kind == "feed":
        feed = root
        entries = _children(root, "entry")
    elif is_xml_name:
        raise NotArticles(where, f"skipped: not an RSS or Atom feed (its root element is <{kind}>)")
    else:
        raise InputError(where, f"is not an RSS or Atom feed (its root element is <{kind}>)")
    outlet = _text_of(_child(feed, "title")) if feed is not None else None
    feed_language = _entry_language(feed) if feed is not None else None
    if not entries:
        raise InputError(where, "is a feed without any item or entry")
    for n, entry in enumerate(entries, start=1):
        source = f"{path.name}#{n}"
        try:
            yield _entry_article(entry, source=source, path=where, n=n, outlet=outlet,
                                 language=feed_language)
        except InputError as err:
            yield Problem(source=source, stage="ingest", message=str(err))


def _drop_entities(root) -> None:
    """Remove references to entities left undefined (their text is unknown), keeping the text
    after them."""
    for entity in list(root.iter(etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        tail = entity.tail or ""
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)


def _without_doctype(data: bytes) -> bytes:
    """The document without its DOCTYPE (looked for before the root element only)."""
    start = data.find(b"<!DOCTYPE")
    if start < 0:
        start = data.find(b"<!doctype")
    if start < 0:
        return data
    match = _DOCTYPE.match(data, start)
    return data[:start] + data[match.end():] if match else data


def _entry_article(entry, *, source: str, path: str, n: int, outlet: str | None,
                   language: str | None) -> RawArticle:
    title = _text_of(_child(entry, "title"))
    where = f"{path}, entry {n}" + (f" ({title})" if title else "")
    url = _link(entry)
    text = None
    for name in CONTENT_ORDER:
        for element in _children(entry, name):
            text = _content_text(element, where, url)
            if text:
                break
        if text:
            break
    if not text:
        raise InputError(where, "has no text (no content:encoded, content, description or summary)")
    published = None
    for name in DATE_ORDER:
        published = iso_date(_text_of(_child(entry, name)))
        if published:
            break
    return RawArticle(source=source, path=path, text=text, format="feed", url=url, title=title,
                      outlet=outlet, author=_author(entry), published=published,
                      language=_entry_language(entry) or language)


def _content_text(element, where: str, url: str | None) -> str | None:
    """The text of a content/description element: markup extracted, plain text kept."""
    if element.get("type", "").lower() == "xhtml" or (len(element) and _local(element[0]) == "div"):
        markup = "".join(etree.tostring(child, encoding="unicode", method="html") for child in element)
    else:
        markup = element.text or ""
        if len(element):  # unescaped HTML elements inside an RSS field (broken but common)
            markup += "".join(etree.tostring(child, encoding="unicode", method="html") for child in element)
    if not markup.strip():
        return None
    if not _MARKUP.search(markup):
        return _plain_lines(markup)
    plain = _html_lines(markup)
    try:
        extracted = extract_html(f"<html><body><article>{markup}</article></body></html>", where,
                                 url=url).text
    except InputError:
        extracted = ""
    if len(extracted) * 2 >= len(plain or ""):
        return extracted or None
    return plain


def _plain_lines(text: str) -> str | None:
    lines = (" ".join(line.split()) for line in normalize_newlines(text).split("\n"))
    return "\n".join(line for line in lines if line) or None


def _html_lines(markup: str) -> str | None:
    """Markup as text, one block element per line (scripts and styles dropped)."""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _plain_lines(re.sub(r"<[^>]+>", " ", markup))
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _DROP:
            if node.tail:
                parts.append(node.tail)
            return
        if tag in _BLOCKS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCKS:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(root)
    return _plain_lines("".join(parts))


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    try:
        return etree.QName(tag).localname
    except ValueError:  # a name lxml's recovery let through but will not parse ("https:")
        return tag.rsplit("}", 1)[-1]


def _children(parent, name: str) -> list:
    return [child for child in parent if isinstance(child.tag, str) and _local(child) == name]


def _child(parent, name: str):
    found = _children(parent, name)
    return found[0] if found else None


def _text_of(element) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _link(entry) -> str | None:
    for link in _children(entry, "link"):
        href = link.get("href")
        if href:  # Atom
            if link.get("rel", "alternate") == "alternate":
                return href.strip()
            continue
        text = _text_of(link)
        if text:
            return text
    for name in ("guid", "id"):
        element = _child(entry, name)
        value = _text_of(element)
        if value and value.startswith(("http://", "https://")) and (
                element.get("isPermaLink", "true").lower() != "false"):
            return value
    return None


def _author(entry) -> str | None:
    names: list[str] = []
    for name in AUTHOR_ORDER:
        for element in _children(entry, name):
            person = _child(element, "name")
            value = _text_of(person if person is not None else element)
            if value:
                match = _EMAIL_NAME.match(value)
                names.append(match.group(1).strip() if match else value)
        if names:
            break
    unique = list(dict.fromkeys(names))
    return ", ".join(unique) or None


def _entry_language(element) -> str | None:
    for name in ("language",):
        value = _text_of(_child(element, name))
        if value:
            return value.split("-")[0].split("_")[0].lower()
    lang = element.get(f"{{{XML_NS}}}lang")
    return lang.split("-")[0].lower() if lang else None
