"""Extension attributes of stancemap's spaCy components, registered once at import time.

Quote spans live in ``doc.spans["stancemap_quotes"]``; actor mentions in
``doc.spans["stancemap_mentions"]``. Values set on spans are kept in ``doc.user_data`` (spaCy's
rule for ``._`` values), which ``DocBin`` drops unless ``store_user_data=True``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

QUOTES_KEY = "stancemap_quotes"
MENTIONS_KEY = "stancemap_mentions"

# name -> default, for Span
SPAN_EXTENSIONS = {
    "sm_type": None,  # direct | indirect | mixed
    "sm_cue": None,  # Span of the cue ("said", "according to", "\u2015")
    "sm_speaker": None,  # Span of the speaker mention at the cue
    "sm_parts": None,  # ((start_char, end_char), ...): the quoted words of a joined quote
    "sm_confidence": 0.0,
    "sm_method": None,
    "sm_date_phrase": None,  # Span of the temporal phrase attached to the statement
    "sm_actor": None,  # key of the resolved actor (quotes and mentions)
    "sm_kind": None,  # mentions: name | pronoun | role | metonym
    "sm_evidence": None,
    "sm_channel": None,  # Span naming the outlet or agency that relayed the statement ("the Guardian reported")  # (start_char, end_char) of the sentence(s) carrying the quote
}
DOC_EXTENSIONS = {
    "sm_actors": None,  # {key: {"name", "type", "roles", "aliases"}}
    "sm_dropped": None,  # {reason: count} of quote candidates dropped
}


def register_extensions(force: bool = False) -> None:
    """Register every ``sm_*`` attribute (idempotent; ``force`` re-registers with defaults)."""
    for name, default in SPAN_EXTENSIONS.items():
        if force or not Span.has_extension(name):
            Span.set_extension(name, default=default, force=True)
    for name, default in DOC_EXTENSIONS.items():
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=default, force=True)


register_extensions()
