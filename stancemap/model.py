"""Records that cross stage boundaries.

Every stage of the pipeline is a plain function from these dataclasses to these dataclasses, so that
a local process pool (and later a Spark job) can run the same stages. None of them holds a spaCy
``Doc``: records must live without one (store, exports and web run without spaCy).

Offsets: ``start``/``end`` fields are character offsets into the *cleaned* text
(:attr:`CleanArticle.text`); fields named ``raw_*`` or ``speaker_span`` are offsets into the raw
input text (:attr:`RawArticle.text`). :meth:`CleanArticle.to_raw` maps one to the other.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field

RECORD = dict(frozen=True, slots=True, kw_only=True)


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id derived from content, so that re-runs update rather than duplicate."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(**RECORD)
class RawArticle:
    """One article as read from its source, before any cleaning.

    ``text`` is the article's raw text (for HTML, the text extracted from the page, before line
    cleaning); every ``raw_*`` offset and ``speaker_span`` points into it. Metadata fields hold what
    the source itself states (feed entry, JSON record, HTML metadata, WARC headers); cleaning fills
    the gaps from the text.
    """

    source: str  # the input file's name, plus "#N" for the Nth record of a multi-article file
    path: str  # where it was read from
    text: str
    format: str = "text"  # text | html | jsonl | feed | warc
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    fetched: str | None = None  # YYYY-MM-DD, when a crawler fetched it
    language: str | None = None
    extracted: bool = False  # the text came out of a body extractor (HTML), not a naive scrape

    @property
    def id(self) -> str:
        return content_id(self.text)


@dataclass(**RECORD)
class RemovedLine:
    """A raw line dropped by cleaning, kept with the reason it was dropped."""

    text: str  # the line, stripped
    reason: str  # e.g. "tag-row", "photo-credit", "author-bio", "repeated-paragraph"
    raw_start: int  # offset of the line's first character in the raw text


@dataclass(**RECORD)
class Segment:
    """A run of cleaned text copied verbatim from the raw text."""

    start: int  # offset in the cleaned text
    raw_start: int  # offset in the raw text
    length: int


@dataclass(**RECORD)
class CleanArticle:
    """An article after cleaning: the body text, what was removed, and metadata."""

    id: str
    source: str
    path: str
    format: str
    raw_text: str
    text: str  # cleaned: the headline paragraph (if the raw text has one), then the kept body
    #            paragraphs, joined by "\n\n"; NLP runs on all of it (headlines carry quotes too)
    segments: tuple[Segment, ...]  # maps cleaned offsets to raw offsets
    body_start: int = 0  # text[body_start:] is the body; text[:body_start] the headline paragraph
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    fetched: str | None = None
    language: str | None = None
    removed_lines: tuple[RemovedLine, ...] = ()
    repeated_paragraphs: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def to_raw(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a ``[start, end)`` span of the cleaned text to the raw text (None if it can't)."""
        if not self.segments:
            return None
        starts = [s.start for s in self.segments]
        i = bisect_right(starts, start) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        offset = start - seg.start
        if offset > seg.length:
            return None
        raw_start = seg.raw_start + offset
        j = bisect_right(starts, max(start, end - 1)) - 1
        seg_end = self.segments[j]
        raw_end = seg_end.raw_start + min(end - seg_end.start, seg_end.length)
        return raw_start, max(raw_start, raw_end)


@dataclass(**RECORD)
class Mention:
    """A mention of an actor in the cleaned text."""

    text: str
    start: int
    end: int
    kind: str = "name"  # name | pronoun | role | metonym | headline


@dataclass(**RECORD)
class Actor:
    """A person, organization or country, one identity across spellings and roles."""

    id: str  # derived from the canonical name's key (see actors.keys)
    name: str  # canonical: the fullest common form
    type: str  # person | organization | country | group
    aliases: tuple[str, ...] = ()  # every surface form seen for it
    roles: tuple[str, ...] = ()  # titles and descriptions ("US Defense Secretary")
    mentions: tuple[Mention, ...] = ()  # where it is mentioned in this article


@dataclass(**RECORD)
class Quote:
    """An attributed statement: direct, indirect or mixed."""

    id: str  # content_id(article_id, start, end)
    article_id: str
    type: str  # direct | indirect | mixed
    text: str  # the quoted words (direct) or the reported content clause (indirect)
    start: int  # span of ``text`` in the cleaned text
    end: int
    speaker: str | None  # canonical actor name, None when unresolved
    actor_id: str | None
    speaker_mention: str | None = None  # the surface form at the cue ("he", "the envoy", ...)
    speaker_span: tuple[int, int] | None = None  # raw offsets of that mention
    cue: str | None = None
    cue_span: tuple[int, int] | None = None  # cleaned offsets of the cue
    evidence: str = ""  # the sentence(s) carrying the quote
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM) when the statement was made
    date_granularity: str | None = None  # day | month | year
    date_text: str | None = None  # the phrase the date was resolved from ("on Sunday")
    confidence: float = 1.0
    method: str = "quotes.rules.v1"
    channel: str | None = None  # the outlet or agency that relayed it ("the Guardian" in "..., the Guardian reported")


@dataclass(**RECORD)
class Stance:
    """An actor's position on a codebook proposition, with the evidence."""

    id: str  # content_id(article_id, actor_id, proposition, polarity, evidence_start)
    article_id: str
    actor: str  # canonical actor name
    actor_id: str
    proposition: str  # codebook id
    polarity: str  # support | oppose
    evidence: str  # the sentence that shows it
    evidence_start: int = 0  # cleaned offsets of the evidence sentence
    evidence_end: int = 0
    quote_id: str | None = None  # the statement it was read from, if any
    reporter: str | None = None  # who reported the position, when not the holder ("Zelensky said X opposes...")
    date: str | None = None
    confidence: float = 0.5
    method: str = "stance.rules.v1"


@dataclass(**RECORD)
class Problem:
    """Something that went wrong with one input; recorded, reported, and the run goes on."""

    source: str
    stage: str  # ingest | clean | nlp | quotes | actors | stances | store
    message: str
    article_id: str | None = None


@dataclass(**RECORD)
class ArticleResult:
    """Everything the pipeline found in one article: what the store writes in one transaction."""

    article: CleanArticle
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    stances: tuple[Stance, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(**RECORD)
class Proposition:
    """One proposition of the analyst's codebook."""

    id: str
    statement: str
    keywords: tuple[str, ...] = ()
    support_examples: tuple[str, ...] = ()
    oppose_examples: tuple[str, ...] = ()
    description: str | None = None


@dataclass(**RECORD)
class Codebook:
    path: str
    propositions: tuple[Proposition, ...]
    name: str | None = None

    def get(self, proposition_id: str) -> Proposition | None:
        return next((p for p in self.propositions if p.id == proposition_id), None)


@dataclass(slots=True, kw_only=True)
class RunInfo:
    """Settings and versions of one ``stancemap run``; stored with the results."""

    id: str
    started: str
    model: str
    workers: int
    codebook: str | None
    inputs: tuple[str, ...]
    versions: dict[str, str] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    finished: str | None = None
    articles: int = 0
    problems: int = 0
