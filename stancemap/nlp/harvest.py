"""Turn a processed ``Doc`` into records: the only place where spaCy objects become dataclasses."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..actors.keys import actor_id
from ..model import Actor, CleanArticle, Mention, Quote, content_id
from .dates import resolve_date
from .extensions import MENTIONS_KEY, QUOTES_KEY
from .sents import sentence_of

_WORD = re.compile(r"\w+")
# Auxiliaries that put a statement in the future ("will say on Monday").
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})


def harvest(doc: Doc, article: CleanArticle) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
    """Return the article's actors and quotes from ``doc = nlp(article.text)``.

    Quotes repeated verbatim with the same speaker (a paragraph repeated in the article) are kept
    once. Does not handle a ``doc`` made from other text than ``article.text`` (offsets would not
    match); such a doc gives wrong spans, not an error.
    """
    text = article.text
    actors_info = doc._.sm_actors or {}
    names = {key: info["name"] for key, info in actors_info.items()}
    mentions_by_key: dict[str, list[Mention]] = {}
    for span in doc.spans.get(MENTIONS_KEY, []):
        key = span._.sm_actor
        if key in names:
            mentions_by_key.setdefault(key, []).append(
                Mention(text=span.text, start=span.start_char, end=span.end_char, kind=span._.sm_kind or "name"))
    actors = []
    for key, info in actors_info.items():
        mentions = tuple(sorted(set(mentions_by_key.get(key, ())), key=lambda m: (m.start, m.end)))
        aliases = tuple(dict.fromkeys(a for a in info["aliases"] if a))
        actors.append(Actor(id=actor_id(info["name"]), name=info["name"], type=info["type"],
                            aliases=aliases, roles=tuple(info["roles"]), mentions=mentions))

    quotes = []
    seen: set[tuple[str, str | None]] = set()
    previous_date: tuple[str, str] | None = None
    sents = sentence_of(doc)
    for span in sorted(doc.spans.get(QUOTES_KEY, []), key=lambda s: s.start_char):
        parts = span._.sm_parts or ((span.start_char, span.end_char),)
        quote_text = " ".join(text[a:b] for a, b in parts)
        start, end = parts[0][0], parts[-1][1]
        key = span._.sm_actor
        speaker = names.get(key) if key else None
        fingerprint = (" ".join(_WORD.findall(quote_text.lower())), speaker)
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        mention: Span | None = span._.sm_speaker
        cue: Span | None = span._.sm_cue
        date = granularity = date_text = None
        phrase: Span | None = span._.sm_date_phrase
        if phrase is not None:
            future = cue is not None and any(c.lower_ in _FUTURE_AUX for c in cue.root.children if c.dep_ == "aux")
            date, granularity = resolve_date(phrase.text, article.published, previous=previous_date, future=future)
            if date:
                date_text = phrase.text
                previous_date = (date, granularity)
        quotes.append(Quote(
            id=content_id(article.id, start, end),
            article_id=article.id,
            type=span._.sm_type or "direct",
            text=quote_text,
            start=start,
            end=end,
            speaker=speaker,
            actor_id=actor_id(speaker) if speaker else None,
            speaker_mention=mention.text if mention is not None else None,
            speaker_span=article.to_raw(mention.start_char, mention.end_char) if mention is not None else None,
            cue=cue.text if cue is not None else None,
            cue_span=(cue.start_char, cue.end_char) if cue is not None else None,
            evidence=_evidence(text, span, cue, sents),
            date=date,
            date_granularity=granularity,
            date_text=date_text,
            confidence=round(float(span._.sm_confidence or 0.5), 3),
            method=span._.sm_method or "quotes.rules.v1",
            channel=span._.sm_channel.text if span._.sm_channel is not None else None,
        ))
    return tuple(actors), tuple(quotes)


def _evidence(text: str, span: Span, cue: Span | None, sents: list[Span]) -> str:
    """The sentence(s) from the quote's first to its last token, widened to hold the cue."""
    start, end = sents[span.start].start_char, sents[span.end - 1].end_char
    if cue is not None:
        cue_sent = sents[cue.root.i]
        start, end = min(start, cue_sent.start_char), max(end, cue_sent.end_char)
    return text[start:end].strip()
