"""Quote candidates: the record each quote rule produces, and the constants and range helpers
the direct, indirect and mention rules share (:mod:`.quotes` runs them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

METHOD = "quotes.rules.v1"
# Label of a candidate whose cue reports no statement ("did not disclose", "to report"): kept
# until speakers are resolved (its speaker is an antecedent), then dropped.
UNREALIZED = "unrealized"

# How far (tokens) to look from a quote's marks for its cue, at most. Longest cue clause in the
# seed articles is 12 tokens ("Zelensky said at the Brussels press conference").
MAX_CUE_REGION = 40
# Confidence per way of attribution: hand-set ranks (explicit cue > continuation > context),
# checked against precision per method on the seed articles and the PolNeAR dev split.
CONFIDENCE = {
    "direct-cue": 0.95, "direct-dash": 0.9, "direct-colon": 0.9, "direct-joined": 0.95,
    "direct-continued": 0.8, "direct-context": 0.65, "indirect-clause": 0.8,
    "indirect-according": 0.8, "indirect-object": 0.6, "indirect-noun": 0.6,
    "indirect-backward": 0.7, "indirect-headline": 0.7, "indirect-cognition": 0.5,
}
# Longest name before a line-opening colon ("Rush Limbaugh: ..."), in words; and labels that are
# not speakers. From the headline and transcript styles of the PolNeAR training split.
MAX_NAME_COLON_WORDS = 4
NOT_SPEAKER_LABELS = frozenset({"UPDATE", "NOTE", "EDITOR'S NOTE", "EDITOR\u2019S NOTE", "WATCH", "READ", "RELATED",
                                "PHOTO", "PHOTOS", "VIDEO", "SOURCE", "CREDIT", "CORRECTION", "CLARIFICATION",
                                "SEE ALSO", "READ MORE", "ALSO", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION",
                                "SUBSCRIBE", "SHARE", "TAGS", "FILE", "UPDATED", "POSTED", "PUBLISHED"})
# Fewest content tokens for an indirect quote (shorter clauses are mostly "X said so").
MIN_INDIRECT_TOKENS = 2
# Pronouns that can be a speaker.
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "which", "that"})
# Entity types that never speak; entity types of speakers.
NON_ACTOR_ENTITIES = frozenset({"LAW", "WORK_OF_ART", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                                "CARDINAL", "ORDINAL", "EVENT", "PRODUCT", "LANGUAGE", "LOC"})
ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_SENT_END = frozenset({".", "!", "?"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents kept with a speaker noun as its mention ("An official from Bucharest").
_MENTION_LEFT_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "nummod", "case", "punct",
                                "quantmod", "advmod"})
# Verbs whose first object is the addressee, not the content ("told lawmakers ...").
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "urge", "ask", "advise", "brief"})
# Object cues whose bare noun-phrase object is a reaction to something, not what was said.
_REACTION_VERBS = frozenset({"welcome", "reject", "dismiss"})
_MENTION_PREPS = frozenset({"of", "from", "for", "at", "with", "on", "to"})


@dataclass(slots=True, kw_only=True)
class Candidate:
    """One quote found by a rule, before it becomes a span of ``doc.spans["stancemap_quotes"]``."""

    type: str  # direct | indirect | mixed
    parts: list[tuple[int, int]]  # character ranges of the quoted or reported words
    cue: Span | None
    speaker: Span | None  # the speaker mention at the cue
    kind: str | None  # name | pronoun | role | metonym
    method: str  # the rule that found it (a key of CONFIDENCE, or UNREALIZED)
    items: list[dict] = field(default_factory=list)  # quoted passages joined into a direct quote
    tokens: tuple[int, int] | None = None  # token range of an indirect quote's content
    channel: Span | None = None  # the outlet that relayed it ("the Guardian reported")
    context: bool = False  # attributed from the speaker established before it, with no cue

def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading "that"/punctuation and trailing punctuation from a token range."""
    while start < end and (doc[start].is_space or doc[start].lower_ in ("that", ",", ";", ":", "\u2014", "\u2013", "-", "--")
                           or (doc[start].dep_ == "mark" and doc[start].lower_ in ("that",))):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in (",", ";", ":", ".", "\u2014", "\u2013", "-", "--")
                           or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _strip_chars(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces and a trailing comma from a character range."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def _paragraph_pieces(text: str, parts: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Character parts of a quote grouped by paragraph: a part that runs over a line break is cut
    there, and the opening mark repeated on the next paragraph is left out."""
    pieces: list[list[tuple[int, int]]] = [[]]
    for a, b in parts:
        while True:
            nl = text.find("\n", a, b)
            if nl < 0:
                pieces[-1].append((a, b))
                break
            pieces[-1].append((a, nl))
            pieces.append([])
            a = nl + 1
            while a < b and (text[a].isspace() or text[a] in _REPEATED_OPENERS):
                a += 1
    return [p for p in pieces if any(y > x for x, y in p)]


_REPEATED_OPENERS = frozenset('"\u201c\u201d\u201e\u00ab\u2039\'')
