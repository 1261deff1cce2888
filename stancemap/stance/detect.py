"""Find who supports or opposes which codebook proposition, with the sentence that shows it.

Method ``stance.rules.v1``: transparent rules over the dependency parse, no trained stance model.

1. Each proposition gets a *profile* (:func:`build_profile`): the content words of its statement,
   its ``keywords`` and examples, stemmed (other words for the same target are the analyst's to
   give as keywords: there are no built-in synonyms); capitalised names in the statement
   ("Ukraine", "NATO", "the EU") are *anchors*, which add to a match but cannot make one; words the
   statement excludes ("... *without* NATO membership") match only when the sentence excludes them
   too. Proposition ids and words never appear in the code: everything comes from the codebook.
   A one-word keyword that only one proposition lists names that proposition at full weight, even
   when another statement uses the word too.
2. In each sentence, every target token (a profile word) goes to the proposition it fits best. A
   definite "the project", "the deal", "the law" (or "it") that an attitude governs, or that "call X
   Y" or an evaluative predicate describes, stands for the article's running topic: the proposition
   about an action that recent sentences have named clearly more often than any other.
3. Polarity is read on the dependency path from the target token up to its clause root and on the
   "ribs" of that path (negations, copular complements, modifiers): negations flip it, attitude
   words (oppose, support, want, plan, opposition, request ...) and evaluations (unacceptable,
   unrealistic, irreversible, "on the table" ...) set it; hedges ("whether", "no sign of", "a topic
   for discussion") and conditions ("if ...") cancel it. A statement whose own predicate is negated
   ("X should not join") flips the result. Scope rules: "X, not Y" negates Y only; "did not oppose it
   because ..." denies the reason, not the attitude; a target in a circumstance ("before the vote")
   or a background clause ("..., putting him at odds with ...") takes no position; "oppose X unless
   Y" is a conditional position on X and a demand for Y; a clause whose subject is the target
   asserts the position only through a copula, an obligation modal or a predicate that names the
   content ("the pipeline would make the country dependent" asserts nothing about approving it).
   A modifier opposite to a word of the statement ("a minority share" against "a majority stake")
   reverses the position; a subject that denies its predicate ("no option is off the table")
   flips it; "..., provided X" is a condition like "if", and what an "if" clause supposes is no
   position; an attitude that says what a time or means is for ("a year to sabotage the deal") is
   nobody's position in the sentence; a clause that says who decides ("X should not be decided by
   ministers") takes no position on X, and an object that an infinitive predicates of ("would
   require the state to borrow") is not the clause's content. "Would not support X if Y fell
   below N" is a demand that Y stays at or above N. When one holder gets opposite readings in a
   sentence, the one from a clause describing a named actor ("Vale, who has campaigned against
   X, said ...") gives way to the sentence's own statement.
4. Holders: an attitude word's subject or possessor (with conjuncts: "A, B and C oppose ..."); for
   evaluations and bare assertions ("Ukraine cannot be a member"), the quote's speaker or the
   subject of the reporting verb ("Waltz said ..."). When someone other than the holder reports the
   position, they become the ``reporter``; a leader reporting their own group's position ("Homeland
   Front leader Krenz said the Homeland Front ... supported X") holds it too. A person pronoun in a
   reported clause is the reporter ("Krenz said his party ..."); a role with a name in apposition
   is the named person (also when the parse hangs the name on the group: "the leader of the
   Homeland Front, Bartol Krenz"); "her organisation" is the group the speaker is described by
   ("director of the group Coastwatch Velmora") before the last group named; a name the actors
   stage missed holds its position under the name as written (or the known organisation it
   abbreviates, or the one organisation whose name ends with it: a headline's "Industry Council").
5. Endorsements: "X welcomed Y's remarks" gives X the positions the article has already given Y.

Limits: apart from endorsements it reads one sentence at a time (a position argued over two
sentences, a reaction such as "she was relieved" to an event described before, or one that needs
world knowledge such as "cited X as a reason for the invasion", is missed), and a pronoun holder is
resolved through actor mentions of kind "pronoun" or the nearest preceding actor of a fitting type.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from stancemap.model import Actor, CleanArticle, Codebook, Proposition, Quote, Stance, content_id

log = logging.getLogger(__name__)

METHOD = "stance.rules.v1"

# --- Tuning constants -----------------------------------------------------------------------------
# Tuned by hand on the five seed articles (shared/seeds, oracle actors and quotes, stance F1) and
# checked on hand-written sentences of two other debates (tests/stance/test_detect.py).

# A proposition needs at least this much matched target weight in a sentence (a statement word no
# other proposition has weighs 1.0; one that two of five propositions share, about 0.6).
MIN_TARGET_SCORE = 0.8
# ... or this much when a target word is the direct object of an attitude word ("X opposed the
# pipeline": a shared statement word is enough when the attitude governs it directly).
MIN_OBJECT_SCORE = 0.55
# Weight of a word that reaches a proposition only through an example sentence, relative to a
# word of the statement or keywords.
EXAMPLE_WEIGHT = 0.5
# Weight of a modifier in a run of content words ("security" in "security guarantees").
MODIFIER_WEIGHT = 0.7
# Weight of an anchor (a name in the statement: "Ukraine", "the EU") found in the sentence.
ANCHOR_WEIGHT = 0.3
# Nearest-example vote: token-overlap (Jaccard on stems) an example must reach to decide polarity
# when the rules find no cue.
EXAMPLE_MIN_SIMILARITY = 0.3
# A target word lighter than this (a word only an example sentence has) counts towards finding the
# proposition in a sentence but is not read for a position on its own.
MIN_READ_WEIGHT = 0.45
# A sentence that contains most of an example's words (coverage of the example's stems, for an
# example of at least EXAMPLE_STRONG_MIN_WORDS words) restates it: the example's label wins over
# the rules' reading of the speaker's own words.
EXAMPLE_STRONG_COVERAGE = 0.75
EXAMPLE_STRONG_MIN_WORDS = 3
# Confidence by the kind of evidence (then +CUE_BONUS per extra cue, x HEDGE_FACTOR if hedged).
CONFIDENCE = {"attitude": 0.8, "evaluation": 0.7, "assertion": 0.6, "example": 0.5}
CUE_BONUS = 0.05
QUOTE_BONUS = 0.05
HEDGE_FACTOR = 0.85
MAX_CONFIDENCE = 0.95
# How many tokens after a target the fallback looks for an evaluation the parse did not attach.
WINDOW = 6
# How far back (characters) a pronoun holder looks for its antecedent when the actors stage gave
# no pronoun mention for it.
PRONOUN_WINDOW = 400

# --- Lexicons -------------------------------------------------------------------------------------
# Written by hand from general English stance vocabulary (the verbs, nouns and adjectives of support,
# opposition and evaluation common in political reporting), then pruned of words that misfired on
# the seed articles (e.g. "stop" in "put a stop to", "offer" as a verb). Keep them general: nothing
# here names a particular debate. Keys are lemmas (lower case); "lemma/POS" keys
# apply to that coarse part of speech only.

# Attitudes: words with a holder of their own (subject or possessor) who takes the position.
ATTITUDES: dict[str, int] = {
    # support
    "support": 1, "back": 1, "endorse": 1, "endorsement": 1, "favour": 1, "favor": 1,
    "advocate": 1, "champion": 1, "propose": 1, "proposal": 1, "want": 1, "wish": 1, "seek": 1,
    "demand": 1, "urge": 1, "request": 1, "push": 1, "welcome": 1, "promise": 1, "pledge": 1,
    "vow": 1, "agree": 1, "allow": 1, "approve": 1, "approval": 1, "plan": 1, "intend": 1,
    "intention": 1, "aim": 1, "goal": 1, "ambition": 1, "aspiration": 1, "hope": 1, "defend": 1,
    "embrace": 1, "prefer": 1, "explore": 1, "offer/NOUN": 1, "bid/NOUN": 1, "commit": 1,
    "commitment": 1, "committed": 1, "insist": 1, "supporter": 1, "proponent": 1, "backing": 1,
    "advocacy": 1, "consent": 1, "ready": 1, "willing": 1, "eager": 1, "determined": 1,
    "keen": 1, "open/ADJ": 1, "amendment": 1, "motion/NOUN": 1, "petition/NOUN": 1,
    # oppose
    "oppose": -1, "opposition": -1, "opponent": -1, "opposed": -1, "against": -1, "reject": -1,
    "rejection": -1, "refuse": -1, "refusal": -1, "deny": -1, "denial": -1, "block": -1,
    "veto": -1, "resist": -1, "resistance": -1, "object": -1, "objection": -1, "dismiss": -1,
    "criticize": -1, "criticise": -1, "criticism": -1, "condemn": -1, "doubt": -1,
    "skepticism": -1, "scepticism": -1, "skeptical": -1, "sceptical": -1, "wary": -1,
    "reluctant": -1, "reluctance": -1, "hesitant": -1, "hesitancy": -1, "unwilling": -1,
    "fear": -1, "scrap": -1, "abandon": -1, "renounce": -1, "exclude": -1,
    "preclude": -1, "prevent": -1, "obstruct": -1, "sabotage": -1,
    "undermine": -1, "attack/VERB": -1,
}
# Evaluations: say what something is worth, with no holder of their own; the holder is whoever
# says it (the quote's speaker or the reporting verb's subject).
EVALUATIONS: dict[str, int] = {
    "realistic": 1, "practical": 1, "feasible": 1, "viable": 1, "necessary": 1, "essential": 1,
    "vital": 1, "crucial": 1, "important": 1, "inevitable": 1, "right/ADJ": 1,
    "good": 1, "beneficial": 1, "benefit": 1, "value": 1, "legitimate": 1, "sustainable": 1,
    "effective": 1, "credible": 1, "reliable": 1, "solid": 1,
    "strengthen": 1, "ensure": 1, "breakthrough": 1, "success": 1, "win": 1,
    "concession": 1, "achievement": 1, "priority": 1, "best": 1, "better": 1, "wise": 1,
    "fair": 1, "justified": 1, "deserve": 1, "welcome/ADJ": 1, "progress": 1,
    "unacceptable": -1, "unrealistic": -1, "impractical": -1, "impossible": -1, "unlikely": -1,
    "incompatible": -1, "barrier": -1, "obstacle": -1, "danger": -1, "dangerous": -1,
    "threat": -1, "risk": -1, "risky": -1, "mistake": -1, "wrong": -1, "harmful": -1,
    "provocation": -1, "provocative": -1, "reckless": -1, "bad": -1, "nonstarter": -1,
    "useless": -1, "meaningless": -1, "hollow": -1, "fiction": -1, "myth": -1, "illusion": -1,
    "conflict/VERB": -1, "threaten": -1, "jeopardize": -1, "jeopardise": -1, "endanger": -1,
    "provoke": -1, "escalate": -1, "destabilize": -1, "destabilise": -1, "unfair": -1,
    "unjustified": -1, "unnecessary": -1, "costly": -1, "disaster": -1, "disastrous": -1,
    "failure": -1, "fail": -1, "problem": -1, "problematic": -1, "flawed": -1, "naive": -1,
    "premature": -1, "untenable": -1, "unworkable": -1, "absurd": -1, "unthinkable": -1,
    "worthless": -1, "weak": -1, "empty": -1, "real": 1, "genuine": 1, "true": 1,
    "victory": 1, "sensible": 1, "responsible": 1, "reasonable": 1,
    "gamble": -1, "betrayal": -1, "scandal": -1, "blunder": -1, "folly": -1, "irresponsible": -1,
}
# Multi-word cues, matched on lower-cased lemmas inside the clause of the path.
PHRASES: dict[tuple[str, ...], tuple[int, str]] = {
    ("on", "the", "table"): (1, "evaluation"),
    ("off", "the", "table"): (-1, "evaluation"),
    ("red", "flag"): (-1, "evaluation"),
    ("red", "line"): (-1, "evaluation"),
    ("out", "of", "the", "question"): (-1, "evaluation"),
    ("non", "-", "starter"): (-1, "evaluation"),
    ("rule", "out"): (-1, "attitude"),
    ("warn", "against"): (-1, "attitude"),
    ("fight", "for"): (1, "attitude"),
    ("fight", "against"): (-1, "attitude"),
    ("campaign", "for"): (1, "attitude"),
    ("campaign", "against"): (-1, "attitude"),
    ("lobby", "for"): (1, "attitude"),
    ("lobby", "against"): (-1, "attitude"),
    ("vote", "for"): (1, "attitude"),
    ("vote", "against"): (-1, "attitude"),
    ("call", "for"): (1, "attitude"),
    ("push", "for"): (1, "attitude"),
    ("press", "for"): (1, "attitude"),
    ("argue", "for"): (1, "attitude"),
    ("argue", "against"): (-1, "attitude"),
    ("speak", "out", "against"): (-1, "attitude"),
    ("look", "into"): (1, "attitude"),
    ("in", "favour", "of"): (1, "attitude"),
    ("in", "favor", "of"): (1, "attitude"),
    ("stand", "by"): (1, "attitude"),
    ("pave", "the", "way"): (1, "evaluation"),
    ("step", "in", "the", "right", "direction"): (1, "evaluation"),
    ("common", "sense"): (1, "evaluation"),
    ("way", "forward"): (1, "evaluation"),
}
# Nouns that name "the thing under debate" without naming it ("backed the project", "called the
# deal a mistake"): with a definite determiner, as the object of an attitude or the subject or
# object of an evaluation, they stand for the proposition the article has been discussing
# (see _Context.topic).
IMPLICIT_TARGETS = {"project", "deal", "agreement", "law", "bill", "plan", "scheme", "proposal",
                    "treaty", "idea", "measure", "legislation", "initiative", "motion", "decision",
                    "move", "accord", "pact", "change"}
# Determiners that make such a noun refer back ("the project", "this deal", "their plan").
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your"}
# How much of a proposition's weight in the article's running topic (one per sentence that
# names it) survives each sentence ...
TOPIC_DECAY = 0.9
# ... and how far the leading proposition must lead the next one to count as the topic.
TOPIC_DOMINANCE = 1.5

# Endorsements of what someone said ("X welcomed Y's remarks"): the endorser takes Y's positions.
ENDORSE_VERBS = {"welcome", "praise", "endorse", "applaud", "hail", "echo", "second", "commend"}
REMARK_NOUNS = {"remark", "comment", "statement", "words", "speech", "position", "stance", "view",
                "call", "warning", "argument", "intervention", "assessment", "testimony"}

# Thresholds in a condition ("if the stake fell below 51 percent"): falling below a number is a
# decrease, rising above one an increase.
FALL_VERBS = {"fall", "drop", "decline", "sink", "slip", "dip", "shrink", "go", "be"}
RISE_VERBS = {"rise", "climb", "grow", "exceed", "increase", "go", "be"}
THRESHOLD_PREPS = {"below": -1, "under": -1, "above": 1, "over": 1, "beyond": 1}

# Antonymous modifiers: "a minority share" said of a statement about "a majority stake" takes the
# opposite position ("a minority share is the only option" opposes the majority stake). Pairs of
# general scalar and ownership words; read only when the statement uses the other word of the pair.
ANTONYMS: dict[str, str] = {
    "majority": "minority", "full": "partial", "public": "private", "more": "less",
    "higher": "lower", "larger": "smaller", "increase": "decrease", "permanent": "temporary",
    "total": "partial", "direct": "indirect", "mandatory": "voluntary", "binding": "voluntary",
}
ANTONYMS.update({b: a for a, b in list(ANTONYMS.items()) if b not in ANTONYMS})
# Words that introduce a condition ("..., provided parliament approves it"): a position stated
# under one is conditional, like one under "if".
CONDITION_WORDS = {"provided", "providing"}
# Negators: flip the polarity of what they govern.
NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without", "lack", "absence",
            "none", "nothing", "hardly", "barely", "cannot"}
# Hedges and open questions: a target under one of these gets no stance.
HEDGES = {"whether", "discussion", "discuss", "debate", "topic", "question/NOUN", "unclear",
          "clarity", "clarification", "detail",
          "ambiguous", "undecided", "speculation", "speculate", "rumour", "rumor",
          "possibility", "consider", "wonder", "ask", "if", "unless", "might", "may", "avoid",
          "refrain", "decline", "conditional", "provided", "depend"}
# Reporting and cognition verbs: transparent frames whose subject is the position's speaker.
REPORTING_VERBS = {
    "say", "tell", "state", "claim", "declare", "note", "add", "argue", "insist", "write",
    "report", "stress", "emphasize", "emphasise", "underline", "assert", "remark", "indicate",
    "mention", "explain", "announce", "reaffirm", "reiterate", "suggest", "believe", "think",
    "point", "allege", "maintain", "contend", "told", "tweet", "post", "acknowledge", "confirm",
    "repeat", "clarify", "see", "feel", "convince", "convinced", "sure", "certain", "recall",
    "predict", "expect", "hint", "imply", "signal", "highlight", "underscore", "warn", "caution",
    "call/VERB",  # "X called the deal a mistake" (with an object predicate, see _reports)
}
# Acceptance verbs: "X accepted/agreed that P" reports X's acknowledgement of a fact, not X's
# position on P; the speaker's own "it is accepted that P" is still the speaker's assertion.
ACCEPTANCE_VERBS = {"accept", "agree", "acknowledge", "recognize", "recognise", "admit", "concede",
                    "realize", "realise", "understand", "resign"}
# Light verbs: a stance noun that is their object has their subject as holder ("X has plans to",
# "X voiced support for"); other verbs take a position on the noun instead ("X rejected the plan").
LIGHT_VERBS = {"have", "express", "voice", "show", "give", "lend", "offer", "signal", "declare",
               "announce", "unveil", "present", "make", "reiterate", "repeat", "confirm", "state",
               "outline", "hold", "keep", "maintain", "register", "put", "set", "lay", "submit",
               "file", "table", "launch", "renew", "restate"}
# Modals that make a bare statement of the proposition's content a position ("X should join").
DEONTIC_MODALS = {"should", "must", "will", "would", "can", "could", "shall", "need", "ought",
                  "'ll", "wo", "ca"}
# Statement words that carry no target: function words, light verbs and the deontic frame.
STOPWORDS = set("""
a an the and or nor but of to in on at by for from with as into onto over under than then that this
these those it its is are was were be been being become becomes became should must will would can
could shall may might ought need do does did has have had not no any some all other more most such
own same so very also only just both each few many much their there they them he she his her we our
you your i my me us who whom which what when where why how possibly e.g etc style non after before
during while within about against between through per via its also
""".split())
# Words the statement excludes follow one of these ("guarantees *without* membership").
_EXCLUDERS = {"without", "except", "excluding", "instead", "rather", "outside"}
_ARTICLES = {"a", "an", "the"}
# Negative attitudes whose negation affirms ("no doubt about it", "did not hesitate to back it");
# other negated oppositions ("is no opponent of it") are no position at all.
_AFFIRMED_WHEN_NEGATED = {"doubt", "hesitate", "hesitation", "hesitant", "hesitancy", "skeptical",
                          "sceptical", "skepticism", "scepticism"}
# Verbs with next to no content of their own ("put to a referendum", "make a decision").
_EMPTY_VERBS = {"put", "make", "take", "give", "get", "have", "let"}
# Verbs that say how or by whom something is settled: "X should be decided by parliament" says
# nothing for or against X itself.
_PROCEDURE_VERBS = {"decide", "settle", "determine", "resolve", "handle", "review", "examine", "judge"}
_OBLIGATION_MODALS = {"should", "must", "ought", "shall", "need"}
# A clause's predicate proper: the verb and these children (not its adjuncts).
_CORE_DEPS = {"dobj", "attr", "acomp", "oprd", "xcomp", "dative", "agent"}
# Subordinators of a clause that sets the scene rather than stating a position.
_BACKGROUND_MARKS = {"before", "after", "when", "while", "until", "till", "since", "once", "as",
                     "because", "whereas", "although", "though"}
# Prepositions of time and manner: a target inside such a phrase ("until the day before the vote")
# is a circumstance of the clause, not what the clause asserts.
_CIRCUMSTANCE_PREPS = {"until", "till", "before", "after", "since", "during", "despite", "like", "as",
                       "than", "through", "via", "by", "ahead", "amid", "following"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "parataxis", "pcomp",
                "csubj", "csubjpass"}
_HOLDER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
# Nouns for a group a person belongs to or leads ("his party", "our union").
GROUP_NOUNS = {"party", "organisation", "organization", "group", "union", "movement", "government",
               "ministry", "company", "association", "federation", "coalition", "branch", "campaign",
               "council", "caucus", "faction", "firm", "institute", "administration", "team"}
_GROUP_TYPES = {"organization", "organisation", "group", "party"}
_THING_PRONOUNS = {"it", "its", "they", "them", "their", "theirs", "itself", "themselves"}
_FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "myself", "ourselves"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_QUANTIFIERS = {"some", "many", "most", "several", "both", "all", "others", "few", "several"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’ʼ\-]*|\d+")
_STATEMENT_NEGATION = re.compile(
    r"\b(?:should|must|will|would|can|could|shall|ought to|need to|is|are|be|does|do)\s+(?:not|never)\b"
    r"|n[’'ʼ]t\b|\bcannot\b|^\s*no\b",
    re.IGNORECASE,
)
_SUFFIXES = ("ship", "ment", "ation", "ition", "ion", "ity", "ness", "ing", "ed", "al", "ly")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude, consistent stemmer: "membership", "members", "member" -> "member"."""
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and re.search(r"(?:s|x|z|ch|sh)es$", w):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                if suffix in ("ed", "ing") and _DOUBLED.search(w):
                    w = w[:-1]  # "committed" -> "commit"
                changed = True
                break
    return w


def _lex(table: dict[str, int], token) -> int | None:
    lemma = token.lemma_.lower()
    value = table.get(f"{lemma}/{token.pos_}")
    if value is None:
        value = table.get(lemma)
    if value is None and token.lower_ != lemma:
        value = table.get(token.lower_)
    return value


def _in_set(words: set[str], token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in words or token.lower_ in words or f"{lemma}/{token.pos_}" in words


# --- Proposition profiles -------------------------------------------------------------------------


@dataclass
class Profile:
    """What a proposition's target looks like in text, derived from the codebook entry."""

    id: str
    negated: bool  # the statement's own predicate is negated ("X should not join")
    factual: bool  # a claim of fact ("X is real") rather than a demand ("X should ...")
    terms: dict[str, float] = field(default_factory=dict)  # stem -> weight (core words)
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)  # stemmed word tuples
    excluded: dict[str, float] = field(default_factory=dict)  # stems the statement excludes
    anchors: set[str] = field(default_factory=set)  # lower-cased names ("nato", "eu")
    support_examples: tuple[frozenset[str], ...] = ()
    oppose_examples: tuple[frozenset[str], ...] = ()
    keywords: set[str] = field(default_factory=set)  # stems the analyst listed as one-word keywords
    stated: frozenset[str] = frozenset()  # stems of the statement's own words (for antonyms)


_LEXICON_STEMS = {_stem(k.split("/")[0]) for k in (*ATTITUDES, *EVALUATIONS)} | {
    _stem(w) for w in NEGATORS | {h.split("/")[0] for h in HEDGES}
}


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’ʼ\-]*|\d+[a-z]?|[(),;:.!?]")


def _names_in(texts: Iterable[str]) -> set[str]:
    """Lower-cased words written capitalised somewhere other than a sentence start."""
    names = set()
    for text in texts:
        tokens = _TOKEN.findall(text)
        for i, word in enumerate(tokens):
            if i > 0 and tokens[i - 1] not in ".!?" and word[:1].isupper():
                names.add(_strip_possessive(word).lower())
            elif word[:1].isupper() and (word.isupper() or re.search(r"['’ʼ]s$", word)):
                names.add(_strip_possessive(word).lower())
    return names


def _strip_possessive(word: str) -> str:
    return re.sub(r"['’ʼ]s$", "", word)


def _content_words(text: str, names: set[str]) -> list[tuple[str, str, float, bool]]:
    """(word, kind, weight, excluded) for each content word of ``text``; kind is "name",
    "number" or "word"; a modifier in a run of content words ("security" in "security
    guarantees") weighs less than the run's head."""
    tokens = _TOKEN.findall(text)
    out: list[tuple[str, str, float, bool]] = []
    excluding = False
    run: list[int] = []  # indexes into out of the current run of plain content words

    def close_run() -> None:
        for k in run[:-1]:
            word, kind, _w, excl = out[k]
            out[k] = (word, kind, MODIFIER_WEIGHT, excl)
        run.clear()

    for i, token in enumerate(tokens):
        low = token.lower().replace("’", "'").replace("ʼ", "'")
        if not token[:1].isalnum():
            close_run()
            if token in ".;:!?":
                excluding = False
            continue
        bare = _strip_possessive(token)
        is_name = bare.lower() in names and token[:1].isupper()
        if low in _EXCLUDERS and not is_name:
            close_run()
            excluding = True
            continue
        if low in STOPWORDS and not is_name:
            close_run()
            continue
        if token[:1].isdigit():
            close_run()
            out.append((token, "number", 1.0, excluding))
        elif is_name:
            close_run()
            out.append((bare, "name", 1.0, excluding))
        else:
            run.append(len(out))
            out.append((bare, "word", 1.0, excluding))
    close_run()
    return out


def build_profile(proposition: Proposition, names: set[str] | None = None) -> Profile:
    """Derive the target words of one proposition from its statement, keywords and examples.

    ``names`` are the lower-cased words that count as names (anchors); by default, the words
    the proposition's own texts write capitalised mid-sentence.
    """
    statement = proposition.statement
    if names is None:
        names = _names_in([statement, *proposition.keywords, *proposition.support_examples,
                           *proposition.oppose_examples])
    main = re.split(r"\bwithout\b", statement, maxsplit=1, flags=re.IGNORECASE)[0]
    negated = bool(_STATEMENT_NEGATION.search(main))
    factual = not re.search(r"\b(should|must|ought|need to|has to|have to)\b", main, re.IGNORECASE)
    profile = Profile(id=proposition.id, negated=negated, factual=factual,
                      stated=frozenset(_stem(w) for w in re.findall(r"[A-Za-z]+", main)))

    def add(stem: str, weight: float, into: dict[str, float]) -> None:
        if stem and stem not in _LEXICON_STEMS and weight > into.get(stem, 0.0):
            into[stem] = weight

    words = _content_words(statement, names)
    for k, (word, kind, weight, excluded) in enumerate(words):
        stem = _stem(word)
        if kind == "number":
            continue
        if kind == "name":
            # "Article 5" / "Section 230": a name with a number is the topic itself, not an actor.
            if k + 1 < len(words) and words[k + 1][1] == "number":
                profile.phrases[(stem, words[k + 1][0].lower())] = 1.0
            else:
                profile.anchors.add(word.lower())
            continue
        if (word.lower() in IMPLICIT_TARGETS or word.lower() in _EMPTY_VERBS) and not excluded:
            continue  # "the decision", "put to": too generic to name the proposition by itself
        target = profile.excluded if excluded else profile.terms
        add(stem, weight, target)
        for part in re.split(r"[-/]", word):
            if part and part.lower() not in STOPWORDS and part != word:
                add(_stem(part), weight, target)
    for keyword in proposition.keywords:
        kw = _content_words(keyword, set())
        tokens = [_stem(w) if kind != "number" else w.lower() for w, kind, _w, _e in kw]
        words = [w for w in _WORD.findall(keyword) if w.lower() not in _ARTICLES]
        if len(tokens) == 1 and len(words) > 1:
            # "vote against", "ask for": the function word is part of what the keyword names
            tokens = [_stem(w) if not w[:1].isdigit() else w.lower() for w in words]
        if len(tokens) > 1:
            profile.phrases[tuple(tokens)] = 1.0
        elif tokens:
            add(tokens[0], 1.0, profile.terms)
            profile.keywords.add(tokens[0])
    examples = []
    for sentences in (proposition.support_examples, proposition.oppose_examples):
        bags = []
        for sentence in sentences:
            bag = frozenset(_stem(w) for w in _WORD.findall(sentence) if w.lower() not in STOPWORDS)
            bags.append(bag)
            for word, kind, weight, _excluded in _content_words(sentence, names):
                if kind == "word":
                    add(_stem(word), EXAMPLE_WEIGHT * weight, profile.terms)
        examples.append(tuple(bags))
    profile.support_examples, profile.oppose_examples = examples
    return profile


def build_profiles(codebook: Codebook, names: Iterable[str] = ()) -> list[Profile]:
    """Profiles for every proposition, with words shared across propositions weighted down.

    ``names`` are extra lower-cased words to read as names (anchors) rather than target words,
    e.g. the entity words of the article ("Riverton" opening a statement is a name).
    """
    names = set(names) | _names_in(
        text
        for p in codebook.propositions
        for text in (p.statement, *p.keywords, *p.support_examples, *p.oppose_examples)
    )
    profiles = [build_profile(p, names) for p in codebook.propositions]
    n = len(profiles)
    df: dict[str, int] = {}
    for profile in profiles:
        for stem in profile.terms:
            df[stem] = df.get(stem, 0) + 1
    owners: dict[str, int] = {}
    for profile in profiles:
        for stem in profile.keywords:
            owners[stem] = owners.get(stem, 0) + 1
    for profile in profiles:
        for table in (profile.terms, profile.excluded):
            for stem, weight in table.items():
                if table is profile.terms and stem in profile.keywords and owners[stem] == 1:
                    continue  # a keyword of this proposition alone names it, whoever else uses the word
                table[stem] = weight * _idf(df.get(stem, 1), n)
        for phrase in profile.phrases:
            shared = sum(1 for p in profiles if phrase in p.phrases)
            profile.phrases[phrase] = _idf(shared, n)
    return profiles


def _idf(df: int, n: int) -> float:
    # 1.0 for a word only one proposition has; less the more propositions share it.
    return math.log((n + 1) / (df + 0.5)) / math.log((n + 1) / 1.5) if n > 1 else 1.0


# --- Detection ------------------------------------------------------------------------------------


@dataclass
class _Found:
    actor: str
    actor_id: str
    proposition: str
    polarity: str
    sent: object
    confidence: float
    quote: Quote | None
    reporter: str | None


def detect_stances(
    doc,
    article: CleanArticle,
    actors: Sequence[Actor],
    quotes: Sequence[Quote],
    codebook: Codebook,
) -> tuple[Stance, ...]:
    """Stances of the article's actors on the codebook's propositions, one per
    (actor, proposition, polarity), each with its best evidence sentence."""
    entity_words = {
        word.lower()
        for ent in doc.ents
        if ent.label_ in _HOLDER_LABELS | {"LOC", "FAC"}
        for word in ent.text.split()
        if word[:1].isupper()
    }
    # names the parser tags but the entity recogniser missed ("Velmora should ..." opens the
    # statement, so the codebook alone does not show it is a name); never a word the article
    # also writes in lower case ("Pipeline" in a title-case headline)
    lower_words: set[str] = set()
    proper: set[str] = set()
    for t in doc:
        text = t.text
        if text.islower():
            lower_words.add(text)
        elif t.pos_ == "PROPN" and text.istitle() and not t.is_sent_start:
            proper.add(t.lower_)
    entity_words |= proper - lower_words
    profiles = build_profiles(codebook, entity_words)
    if not profiles:
        return ()
    ctx = _Context(doc, article, actors, quotes, profiles)
    best: dict[tuple[str, str, str], _Found] = {}
    for sent in _sentences(doc):
        for found in [*ctx.sentence_stances(sent), *ctx.endorsements(sent, best.values())]:
            key = (found.actor_id, found.proposition, found.polarity)
            if key not in best or found.confidence > best[key].confidence:
                best[key] = found
    stances = []
    for found in sorted(best.values(), key=lambda f: (f.sent.start_char, f.actor, f.proposition)):
        start, end, evidence = _sentence_span(article.text, found.sent)
        quote = found.quote
        stances.append(
            Stance(
                id=content_id(article.id, found.actor_id, found.proposition, found.polarity, start),
                article_id=article.id,
                actor=found.actor,
                actor_id=found.actor_id,
                proposition=found.proposition,
                polarity=found.polarity,
                evidence=evidence,
                evidence_start=start,
                evidence_end=end,
                quote_id=quote.id if quote is not None else None,
                reporter=found.reporter,
                date=(quote.date if quote is not None and quote.date else article.published),
                confidence=round(found.confidence, 3),
                method=METHOD,
            )
        )
    return tuple(stances)


def _window_cue(target) -> _Cue | None:
    """An evaluation shortly after the target in the same clause ("X would be 'unacceptable'"),
    for when the parse does not attach it to the target's path."""
    negated = False
    doc = target.doc
    for token in doc[target.i + 1 : min(len(doc), target.i + 1 + WINDOW)]:
        if token.pos_ in ("CCONJ", "SCONJ") or (token.is_punct and token.text not in "\"“”'‘’"):
            break
        if token.dep_ == "neg" or token.lower_ in NEGATORS:
            negated = not negated
            continue
        value = _lex(EVALUATIONS, token)
        if value and token.pos_ in ("ADJ", "NOUN"):
            return _Cue(-value if negated else value, "evaluation", token)
    return None


def _can_be_target(token) -> bool:
    """Names, reporting verbs and stance words are never the target itself."""
    if token.is_punct or token.ent_type_ in _HOLDER_LABELS:
        return False
    if token.pos_ == "VERB" and _in_set(REPORTING_VERBS, token):
        return False
    return True


def _sentences(doc) -> Iterable:
    """The doc's sentences, also split at line breaks (a headline, a caption, a paragraph never
    runs into the next one)."""
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text:
                if any(t.is_alpha for t in doc[start : token.i]):
                    yield doc[start : token.i]
                start = token.i + 1
        if start < sent.end and any(t.is_alpha for t in doc[start : sent.end]):
            yield doc[start : sent.end]


def _sentence_span(text: str, sent) -> tuple[int, int, str]:
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, text[start:end]


def _actor_id(name: str) -> str:
    try:
        from stancemap.actors import actor_id  # the actors stage's id, when it is installed
    except ImportError:
        return content_id(name.lower())
    return actor_id(name)


@dataclass
class _Cue:
    polarity: int
    kind: str  # attitude | evaluation
    token: object


class _Context:
    """One article's lookups: actor mentions by offset, quotes by offset, profiles."""

    def __init__(self, doc, article, actors, quotes, profiles):
        self.doc = doc
        self.article = article
        self.actors = list(actors)
        self.quotes = [q for q in quotes if q.end > q.start]
        self.profiles = profiles
        self.factual = {p.id for p in profiles if p.factual}
        self.topic_weight: dict[str, float] = {}
        self._described: dict[str, str] = {}
        self.mentions = sorted(
            ((m.start, m.end, m.kind, actor) for actor in self.actors for m in actor.mentions),
            key=lambda x: x[0],
        )
        self.by_name: dict[str, Actor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                self.by_name.setdefault(_name_key(form), actor)
        # Anchor names: each profile anchor widened to the aliases of the actor it names.
        self.anchor_forms: dict[str, set[str]] = {}
        for profile in profiles:
            forms = set(profile.anchors)
            for anchor in profile.anchors:
                actor = self.by_name.get(anchor)
                if actor is not None:
                    forms.update(_name_key(a) for a in (actor.name, *actor.aliases))
            self.anchor_forms[profile.id] = {f for f in forms if f}

    # -- targets --

    def _targets(self, sent) -> dict[str, list[tuple[object, float]]]:
        """Target tokens of each proposition in ``sent`` (each token to its best proposition)."""
        stems = [_stem(t.text) for t in sent]
        lemmas = [_stem(t.lemma_) for t in sent]
        claims: dict[int, tuple[float, str]] = {}
        scores: dict[str, float] = {}
        sent_text = " " + " ".join(t.lower_ for t in sent) + " "
        # Phrase keys per token (numbers kept verbatim), indexed by value, computed once.
        nums = [t.like_num for t in sent]
        keys_l = [sent[i].text if nums[i] else lemmas[i] for i in range(len(lemmas))]
        keys_s = [sent[i].text if nums[i] else stems[i] for i in range(len(stems))]
        starts_l: dict[str, set[int]] = {}
        starts_s: dict[str, set[int]] = {}
        for i, (kl, ks) in enumerate(zip(keys_l, keys_s)):
            starts_l.setdefault(kl, set()).add(i)
            starts_s.setdefault(ks, set()).add(i)
        candidates = [i for i, token in enumerate(sent) if _can_be_target(token)]
        for profile in self.profiles:
            score = 0.0
            hits: dict[int, float] = {}
            for i in candidates:
                token = sent[i]
                weight = max(profile.terms.get(stems[i], 0.0), profile.terms.get(lemmas[i], 0.0))
                excl = max(profile.excluded.get(stems[i], 0.0), profile.excluded.get(lemmas[i], 0.0))
                if excl and _excluded_in_sentence(token):
                    weight = max(weight, excl)
                elif excl and not weight:
                    continue
                if weight:
                    hits[i] = weight
            for phrase, weight in profile.phrases.items():
                n = len(phrase)
                for i in starts_l.get(phrase[0], set()) | starts_s.get(phrase[0], set()):
                    if i + n > len(keys_l):
                        continue
                    if (tuple(keys_l[i:i + n]) == phrase or tuple(keys_s[i:i + n]) == phrase):
                        hits[i] = max(hits.get(i, 0.0), weight)
            if not hits:
                continue
            # distinct words count once
            seen: dict[str, float] = {}
            for i, weight in hits.items():
                seen[stems[i]] = max(seen.get(stems[i], 0.0), weight)
            score = sum(seen.values())
            if score < MIN_TARGET_SCORE and not (
                score >= MIN_OBJECT_SCORE and any(_attitude_object(sent[i]) for i in hits)
            ):
                continue
            anchors = sum(1 for form in self.anchor_forms[profile.id] if f" {form} " in sent_text)
            score += ANCHOR_WEIGHT * min(anchors, 2)
            scores[profile.id] = score
            for i, weight in hits.items():
                key = (weight, score)
                if i not in claims or key > (claims[i][0], scores[claims[i][1]]):
                    claims[i] = (weight, profile.id)
        targets: dict[str, list[tuple[object, float]]] = {}
        for i, (weight, pid) in claims.items():
            targets.setdefault(pid, []).append((sent[i], weight))
        topic = self.topic()
        if topic is not None and topic not in targets:
            for i, token in enumerate(sent):
                if i not in claims and _implicit_target(token):
                    targets.setdefault(topic, []).append((token, 1.0))
        for pid in self.topic_weight:
            self.topic_weight[pid] *= TOPIC_DECAY
        for pid in scores:
            self.topic_weight[pid] = self.topic_weight.get(pid, 0.0) + 1.0
        return targets

    def topic(self) -> str | None:
        """The proposition the article has been discussing (recent sentences weigh most), which
        "the project", "the deal" refer to; only a proposition about an action qualifies."""
        ranked = sorted(((w, pid) for pid, w in self.topic_weight.items() if pid not in self.factual),
                        reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] < TOPIC_DOMINANCE * ranked[1][0]):
            return None  # no clear topic: "the project" could be any of them
        return ranked[0][1]

    # -- one sentence --

    def sentence_stances(self, sent) -> list[_Found]:
        if sent.text.strip().endswith("?"):
            return []
        targets = self._targets(sent)
        self._claims = {t.i: pid for pid, tokens in targets.items() for t, _w in tokens}
        found: list[_Found] = []
        for profile in self.profiles:
            tokens = targets.get(profile.id)
            if not tokens:
                continue
            indices = {t.i for t, _w in tokens}
            # Conflicting readings of one sentence for one holder: the reading of the heavier
            # target wins (the proposition's own word over a word borrowed from an example), then
            # the more confident one.
            # A reading from a clause that describes a named actor ("Vale, who has campaigned
            # against X, said ...") gives way to one from the sentence's own statement.
            by_actor: dict[str, tuple[tuple, _Found]] = {}
            for token, weight in sorted(tokens, key=lambda tw: -tw[1]):
                if weight < MIN_READ_WEIGHT:
                    continue
                rank = (not _in_description(token), round(weight, 3))
                for item in self._read_target(token, sent, profile, indices):
                    other = by_actor.get(item.actor_id)
                    if other is None or (*rank, item.confidence) > (*other[0], other[1].confidence):
                        by_actor[item.actor_id] = (rank, item)
            found.extend(item for _w, item in by_actor.values())
        return found

    def endorsements(self, sent, earlier: Iterable[_Found]) -> list[_Found]:
        """"X welcomed Y's remarks": X takes the positions the article has already given Y, in
        this sentence (an endorsement of someone's words, never a rejection, which may dispute
        only part of them)."""
        earlier = [f for f in earlier if f.sent.start < sent.start]
        if not earlier or sent.text.strip().endswith("?"):
            return []
        out: list[_Found] = []
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in ENDORSE_VERBS \
                    or any(c.dep_ == "neg" for c in verb.children) or _conditional(verb):
                continue
            for obj in verb.children:
                if obj.dep_ != "dobj" or obj.lemma_.lower() not in REMARK_NOUNS:
                    continue
                authors = [c for c in obj.children if c.dep_ == "poss"] + [
                    g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("by", "of", "from")
                    for g in c.children if g.dep_ == "pobj"]
                quote = self._quote_at(verb.idx)
                sources = {r[1] for r in (self._resolve(a, quote) for a in authors) if r is not None}
                if not sources:
                    continue
                holders, _light = self._holders(verb, sent, quote)
                for holder in holders:
                    if holder[1] in sources:
                        continue
                    for item in earlier:
                        if item.actor_id in sources:
                            out.append(_Found(holder[0], holder[1], item.proposition, item.polarity, sent,
                                              CONFIDENCE["example"], quote, None))
        return out

    def _read_target(self, target, sent, profile: Profile, indices: set[int]) -> list[_Found]:
        """Climb from ``target`` to the sentence root, reading polarity and holders on the way."""
        quote = self._quote_at(target.idx)
        in_span = range(sent.start, sent.end)
        excluded = _excluded_in_sentence(target) and _stem(target.text) in profile.excluded
        sign = -1 if excluded else 1
        cues: list[_Cue] = []
        out: list[_Found] = []
        modal = False
        speaker: tuple[str, str] | None = None
        speaker_words = ""
        bare_ok: bool | None = None
        emitted = False
        trace = log.isEnabledFor(logging.DEBUG)
        # the target's own determiners and modifiers: "no accession", "membership, which would
        # be a mistake"
        for child in target.children:
            if child.dep_ in ("neg", "det") and child.lower_ in NEGATORS:
                if target.pos_ in ("NOUN", "PROPN") and child.i > target.i:
                    continue  # "the state, not foreign investors": the contrast, not the target
                sign = -sign
            elif child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
                for cue in self._predicate_cues(child, from_subject=True):
                    cues.append(cue)
                    sign *= cue.polarity
            elif child.dep_ == "amod" and _lex(EVALUATIONS, child) and target.dep_ in ("oprd", "attr"):
                # "called an alternative route 'not realistic'"
                value = _lex(EVALUATIONS, child)
                if any(g.dep_ == "neg" for g in child.children):
                    value = -value
                cues.append(_Cue(value, "evaluation", child))
                sign *= value
        if _antonym_of_statement(target, profile):
            sign = -sign  # "a minority share" said of "a majority stake"
        if target.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in target.children):
            return []  # "if the pipeline were built ...": the condition is no position
        own_phrase = _own_phrase_cue(target)
        node, came_from, via_conj = target, None, False
        for _step in range(60):
            if node.i not in in_span:
                break
            if trace:
                log.debug("    %s <- %s (%s) sign=%+d", target.text, node.text, node.dep_, sign)
            if not cues and not emitted and node.i != target.i and node.pos_ in ("NOUN", "PROPN") \
                    and came_from is not None and came_from.dep_ in _MODIFIER_DEPS \
                    and self._claims.get(node.i, profile.id) != profile.id:
                # "a referendum on the pipeline": the position is on the head's proposition
                if trace:
                    log.debug("  %s: modifier of another proposition's target %r", target.text, node.text)
                return []
            if not cues and not emitted and node.dep_ == "prep" and node.lower_ in _CIRCUMSTANCE_PREPS \
                    and came_from is not None:
                # "... before parliament votes", "until the last day before the vote"
                if trace:
                    log.debug("  %s: in a circumstance (%r)", target.text, node.text)
                return []
            if not emitted and any(_condition_word(c) for c in node.children):
                # "..., provided parliament approves it": the position and its condition
                # (which the parse often makes a conjunct) are both conditional
                return []
            if (node.i != target.i or own_phrase is not None) and not via_conj:
                lemma = node.lemma_.lower()
                if _in_set(HEDGES, node) and not (node.lower_ == "if" and node.dep_ != "mark"):
                    if trace:
                        log.debug("  %s: hedged by %r", target.text, node.text)
                    return []
                transparent = False
                if lemma in ACCEPTANCE_VERBS and came_from is not None and came_from.dep_ == "ccomp":
                    subject = _subject(node)
                    if subject is not None and subject.dep_ not in ("nsubjpass", "expl") \
                            and subject.lower_ != "it" and not emitted:
                        if trace:
                            log.debug("  %s: acceptance by a third party (%r)", target.text, node.text)
                        return []
                    transparent = True
                if not emitted and not transparent:
                    # negation and modality on this node scope over everything below it
                    for child in node.children:
                        if (came_from is not None and child.i == came_from.i):
                            continue
                        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in NEGATORS):
                            if node.pos_ in ("NOUN", "PROPN") and child.i > node.i:
                                continue  # "X, not Y": the negation is Y's
                            if node.i != target.i or child.dep_ == "advmod":  # own neg/det read above
                                if any(c.kind == "attitude" and c.polarity < 0 for c in cues):
                                    return []  # "did not recommend rejecting it": not opposing is no support
                                sign = -sign
                        elif child.dep_ in ("nsubj", "nsubjpass") and _negative_subject(child) and (
                                node.lemma_.lower() == "be" or child.dep_ == "nsubjpass"):
                            sign = -sign  # "no option is off the table", "nothing is ruled out"
                        elif child.dep_ == "aux" and child.lower_ in DEONTIC_MODALS:
                            modal = True
                        elif child.dep_ in ("aux", "acomp") and _in_set(HEDGES, child):
                            return []  # "might", "is unclear", "should be conditional on"
                        elif child.dep_ == "mark" and child.lower_ == "unless":
                            # "X opposes the law unless the route is moved": X demands the condition
                            return self._condition(node, target, profile, sign, cues, sent, quote)
                        elif child.dep_ == "mark" and child.lower_ == "if" and node.dep_ == "advcl" \
                                and _threshold(node):
                            # "would not support the law if the stake fell below 51 percent": a demand
                            # that it stays at or above the threshold
                            return self._condition(node, target, profile, -sign * _threshold(node), cues,
                                                   sent, quote)
                        elif child.dep_ == "mark" and child.lower_ in ("if", "whether"):
                            return []
                        elif child.dep_ == "advcl" and any(
                                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                            return []  # a conditional position ("would support it only if ...")
                    if node.pos_ in ("VERB", "AUX") and _is_question(node):
                        return []
                    here: list[_Cue] = []
                    if node.i == target.i:
                        here.append(own_phrase)
                    elif lemma in NEGATORS or node.lower_ in NEGATORS:
                        sign = -sign
                    else:
                        cue = self._word_cue(node)
                        if cue is not None:
                            here.append(cue)
                    if node.i != target.i:
                        # a rib that is part of the node's own phrase ("vote [against]") counts once
                        taken = _phrase_indices(node) if here else set()
                        here.extend(c for c in self._rib_cues(node, came_from) if c.token.i not in taken)
                    if any(c.kind == "attitude" and c.polarity < 0 and c.token.i == node.i for c in here) \
                            and node.pos_ == "NOUN" and lemma not in _AFFIRMED_WHEN_NEGATED \
                            and any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in NEGATORS)
                                    for c in node.children):
                        return []  # "is no opponent of it", "no objection to it": no position at all
                    for cue in here:
                        cues.append(cue)
                        sign *= cue.polarity
                    for cue in here:
                        if cue.kind != "attitude":
                            continue
                        if _conditional(cue.token):
                            return []  # "voted to oppose the pipeline unless ...": conditional
                        if _negated_reason(cue.token):
                            return []  # "we do not oppose it because ...": the reason is denied
                        heads, _light = _holder_tokens(cue.token)
                        if any(target.i in {t.i for t in h.subtree} for h in heads):
                            continue  # "Drevnia welcomed the vote": the holder is not the target
                        holders, light_neg = self._holders(cue.token, sent, quote)
                        if not holders and _purpose_relative(cue.token):
                            return []  # "a year to sabotage the deal": someone else's aim
                        if not holders:
                            continue
                        if cue.token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in cue.token.head.children):
                            # "did not recommend rejecting it" (not opposing is no support), "does
                            # not want to back it"
                            if cue.polarity < 0:
                                return []
                            light_neg = not light_neg
                        emit_sign = -sign if light_neg else sign
                        for holder in holders:
                            out.append(self._make(holder, profile, emit_sign, cues, sent, quote,
                                                  modal, "attitude", cue.token))
                        emitted = True
                        if trace:
                            log.debug("  %s: attitude %r -> %s (%+d)", target.text, cue.token.text,
                                      [h[0] for h in holders], emit_sign)
                        break
                if came_from is not None and _reports(node, came_from):
                    subject = _subject_of(node)
                    if subject is None and node.dep_ == "advcl":
                        subject = _subject_of(node.head)  # "X urged ..., arguing that ..."
                    if subject is not None:
                        speaker = self._resolve(subject, quote) or speaker
                        speaker_words = " ".join(t.text for t in subject.subtree)
                    if speaker is not None:
                        if trace:
                            log.debug("  %s: reported by %s via %r", target.text, speaker[0], node.text)
                        break
            if bare_ok is None and node.pos_ in ("VERB", "AUX") and node.dep_ in _CLAUSE_DEPS:
                bare_ok = self._bare_ok(node, target, profile, modal, indices)
            if node.head.i == node.i:
                break
            if not emitted and _background_clause(node):
                # "..., three weeks before the law goes to a vote": a circumstance, not a position
                if trace:
                    log.debug("  %s: in a background clause %r", target.text, node.text)
                return []
            came_from = node
            via_conj = node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")
            node = node.head
        if speaker is None:
            speaker = self._according_to(sent, quote)
        if quote is not None:
            speaker = self._quote_speaker(quote) or speaker
        if not out and speaker is not None:
            strong = self._strong_example(sent, quote, profile)
            if strong:
                polarity = strong * (-1 if profile.negated else 1)
                return [self._make(speaker, profile, polarity, cues, sent, quote, modal, "example", None)]
        if out:
            if speaker is not None:
                for item in out:
                    if item.actor_id != speaker[1]:
                        item.reporter = speaker[0]
                leads = self._leads(speaker, speaker_words, out)
                if leads is not None:
                    # "Homeland Front leader Krenz said the Homeland Front ... supported X": a
                    # leader reporting their own group's position holds it too
                    held = (1 if leads.polarity == "support" else -1) * (-1 if profile.negated else 1)
                    out.append(self._make(speaker, profile, held, cues, sent, quote, modal, "attitude", None))
            return out
        if speaker is None:
            return []
        if cues:
            if trace:
                log.debug("  %s: evaluation %s -> %s (%+d)", target.text,
                          [c.token.text for c in cues], speaker[0], sign)
            return [self._make(speaker, profile, sign, cues, sent, quote, modal, "evaluation", None)]
        window = _window_cue(target)
        if window is not None:
            if trace:
                log.debug("  %s: evaluation in the window %r -> %s (%+d)", target.text, window.token.text,
                          speaker[0], sign * window.polarity)
            return [self._make(speaker, profile, sign * window.polarity, [window], sent, quote, modal,
                               "evaluation", None)]
        if bare_ok:
            if trace:
                log.debug("  %s: assertion -> %s (%+d)", target.text, speaker[0], sign)
            return [self._make(speaker, profile, sign, cues, sent, quote, modal, "assertion", None)]
        vote = self._example_vote(sent, profile)
        if vote:
            return [self._make(speaker, profile, vote, cues, sent, quote, modal, "example", None)]
        return []

    # -- cues --

    def _word_cue(self, token) -> _Cue | None:
        value = _lex(ATTITUDES, token)
        if value:
            return _Cue(value, "attitude", token)
        value = _lex(EVALUATIONS, token)
        if value:
            return _Cue(value, "evaluation", token)
        for phrase, (polarity, kind) in PHRASES.items():
            if _phrase_at(token, phrase):
                return _Cue(polarity, kind, token)
        return None

    def _rib_cues(self, node, came_from) -> list[_Cue]:
        """Cues attached beside the path: "X is [unacceptable]", "X were [against] ...", "X is
        not [on the table]", "an [irreversible] path to X", "[no doubt] about X"."""
        cues = []
        from_subject = came_from is not None and came_from.dep_ in _SUBJECT_DEPS
        for child in node.children:
            if (came_from is not None and child.i == came_from.i) or child.dep_ in ("conj", "ccomp", "advcl", "relcl", "parataxis",
                                                   "punct", "cc", "mark"):
                continue
            if child.dep_ in ("acomp", "attr", "oprd") or (from_subject and child.dep_ == "dobj"):
                cues.extend(self._complement_cues(child))
            elif child.dep_ == "prep":
                cue = None
                for phrase, (polarity, kind) in PHRASES.items():
                    if _phrase_at(child, phrase):
                        cue = _Cue(polarity, kind, child)
                if cue is None:
                    value = _lex(ATTITUDES, child)
                    if value and child.lower_ == "against" and node.pos_ in ("AUX", "VERB"):
                        cue = _Cue(value, "attitude", child)
                if cue is not None:
                    cues.append(cue)
            elif child.dep_ in ("amod", "advmod") and node.pos_ in ("NOUN", "PROPN"):
                value = _lex(EVALUATIONS, child) or _lex(ATTITUDES, child)
                if value:
                    cues.append(_Cue(value, "evaluation", child))
            elif child.dep_ == "prt":
                for phrase, (polarity, kind) in PHRASES.items():
                    if _phrase_at(node, phrase):
                        cues.append(_Cue(polarity, kind, node))
        return cues

    def _predicate_cues(self, verb, from_subject: bool) -> list[_Cue]:
        cues = []
        value = _lex(EVALUATIONS, verb)
        if value:
            cues.append(_Cue(value, "evaluation", verb))
        for child in verb.children:
            if child.dep_ in ("acomp", "attr", "oprd") or (from_subject and child.dep_ == "dobj"):
                cues.extend(self._complement_cues(child))
        if cues and any(c.dep_ == "neg" for c in verb.children):
            cues[0] = _Cue(-cues[0].polarity, cues[0].kind, cues[0].token)
        return cues

    def _complement_cues(self, token) -> list[_Cue]:
        cues = []
        value = _lex(EVALUATIONS, token)
        kind = "evaluation"
        if not value:
            value = _lex(ATTITUDES, token)
            kind = "attitude" if token.pos_ in ("ADJ", "VERB") else "evaluation"
        if value:
            cues.append(_Cue(value, kind, token))
        for child in token.children:
            if child.dep_ in ("amod", "advmod", "compound", "acomp"):
                sub = _lex(EVALUATIONS, child) or _lex(ATTITUDES, child)
                if sub:
                    cues.append(_Cue(sub, "evaluation", child))
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in NEGATORS):
                if cues:
                    cues[-1] = _Cue(-cues[-1].polarity, cues[-1].kind, cues[-1].token)
        for phrase, (polarity, kind2) in PHRASES.items():
            if _phrase_at(token, phrase):
                cues.append(_Cue(polarity, kind2, token))
        return cues

    def _bare_ok(self, clause, target, profile: Profile, modal: bool, indices: set[int]) -> bool:
        """Whether the clause states the proposition's content itself ("Ukraine cannot be a
        member", "Article 5 is not being upheld"), so that saying it is taking a position."""
        if clause.dep_ in ("advcl", "relcl", "acl", "pcomp"):
            return False
        has_modal = modal or any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in clause.children)
        if not (has_modal or profile.factual):
            return False
        node = target
        while node.i != clause.i and node.head.i != node.i:
            if node.dep_ == "prep" and node.lower_ in _CIRCUMSTANCE_PREPS:
                return False
            node = node.head
        subject = _subject_of(clause)
        if subject is None or subject.dep_ == "expl":
            return True
        in_subject = {t.i for t in subject.subtree}
        if target.i in in_subject or any(i in indices for i in in_subject):
            # the target is what the clause is about: a copula ("X could be part of the deal") or
            # a predicate that names the content too ("X is not being upheld"), not any event
            # ("the pipeline would leave the country exposed")
            if clause.lemma_.lower() in ("be", "become") and any(
                    c.dep_ in ("attr", "acomp") for c in clause.children):
                return True
            if clause.lemma_.lower() in _PROCEDURE_VERBS:
                return False  # "the project should not be decided by ministers": who decides, not what
            if any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in clause.children):
                return True  # "the council should own it": a demand about the target
            # an object that an infinitive then predicates of ("would require the state to
            # borrow") is that infinitive's subject, not the content of the clause
            controlled = any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                       for a in c.children)
                             for c in clause.children)
            core = [clause, *(c for c in clause.children if c.dep_ in _CORE_DEPS
                              and not (controlled and c.dep_ == "dobj"))]
            core += [g for c in core[1:] for g in c.children if g.dep_ in ("compound", "amod")]
            return any(t.i in indices and t.i not in in_subject for t in core)
        if subject.lower_ in _FIRST_PERSON:
            return False
        names = {_name_key(_span_text(subject))}
        resolved = self._resolve(subject, None)
        if resolved is not None:
            actor = self.by_name.get(_name_key(resolved[0]))
            names.add(_name_key(resolved[0]))
            if actor is not None:
                names.update(_name_key(a) for a in actor.aliases)
        return bool(names & self.anchor_forms[profile.id])

    def _strong_example(self, sent, quote, profile: Profile) -> int:
        """+1/-1 when the sentence (or its quote) restates one of the proposition's examples."""
        tokens = [t for t in sent if not t.is_punct and t.lower_ not in STOPWORDS]
        if quote is not None:
            tokens = [t for t in tokens if quote.start <= t.idx < quote.end] or tokens
        bag = frozenset(_stem(t.text) for t in tokens)
        labels = set()
        for examples, value in ((profile.support_examples, 1), (profile.oppose_examples, -1)):
            for example in examples:
                if len(example) >= EXAMPLE_STRONG_MIN_WORDS \
                        and len(bag & example) / len(example) >= EXAMPLE_STRONG_COVERAGE:
                    labels.add(value)
        return labels.pop() if len(labels) == 1 else 0

    def _example_vote(self, sent, profile: Profile) -> int:
        if not profile.support_examples and not profile.oppose_examples:
            return 0
        bag = frozenset(_stem(t.text) for t in sent if not t.is_punct and t.lower_ not in STOPWORDS)
        best, label = 0.0, 0
        for examples, value in ((profile.support_examples, 1), (profile.oppose_examples, -1)):
            for example in examples:
                union = bag | example
                if union:
                    sim = len(bag & example) / len(union)
                    if sim > best:
                        best, label = sim, value
        return label if best >= EXAMPLE_MIN_SIMILARITY else 0

    # -- holders --

    def _holders(self, cue, sent, quote) -> tuple[list[tuple[str, str]], bool]:
        """The actors who hold an attitude word's position (subject, possessor, conjuncts, "A,
        including B and C"), and whether a light verb negates it ("X does not have plans")."""
        heads, light_verb = _holder_tokens(cue)
        light_neg = light_verb is not None and any(
            c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in NEGATORS)
            for c in light_verb.children
        )
        holders: list[tuple[str, str]] = []

        def add(token) -> bool:
            resolved = self._resolve(token, quote)
            if resolved and resolved not in holders:
                holders.append(resolved)
            return resolved is not None

        for head in heads:
            for token in [head, *head.conjuncts]:
                if token.lower_ in _QUANTIFIERS:
                    # "..., leading some to oppose X": "some" of the main clause's subject
                    verb = _governing_verb(token.head)
                    subject = None
                    for _ in range(4):
                        if verb is None:
                            break
                        subject = _subject_of(verb)
                        if subject is not None or verb.head.i == verb.i:
                            break
                        verb = _governing_verb(verb.head)
                    if subject is not None:
                        for t in [subject, *subject.conjuncts]:
                            add(t)
                    continue
                own = self._own_group(token, quote)
                if own:
                    for resolved in own:
                        if resolved not in holders:
                            holders.append(resolved)
                    continue
                if add(token):
                    continue
                # "seven countries, including A, B and C"
                for child in token.children:
                    if child.lower_ in ("including", "include", "like") or (
                        child.lower_ == "as" and child.i > 0 and child.nbor(-1).lower_ == "such"
                    ):
                        for obj in child.children:
                            if obj.dep_ == "pobj":
                                for t in [obj, *obj.conjuncts]:
                                    add(t)
        return holders, light_neg

    def _own_group(self, token, quote) -> list[tuple[str, str]]:
        """"his party would vote against it", "her party's opposition": a speaker states the position
        of their own group; both hold it (the person, and the nearest organisation named before)."""
        if token.lemma_.lower() not in GROUP_NOUNS:
            return []
        owner = next((c for c in token.children if c.dep_ == "poss"
                      and c.lower_ in _PERSON_PRONOUNS | _FIRST_PERSON), None)
        if owner is None or any(c.dep_ == "compound" for c in token.children):
            return []  # "her Civic Renewal party" names the group itself
        out = []
        person = self._resolve(owner, quote)
        if person is not None and owner.lower_ in _PERSON_PRONOUNS and not self._is_person(person[1]):
            # "her" is a person: a mention that makes it the group ("Her party") or a place is
            # not its antecedent
            person = self._antecedent(owner)
        if person is not None:
            out.append(person)
        # the group the reporting person is described by ("Ivarsen, director of the group
        # Coastwatch Velmora, said her organisation ..."), else the nearest group named before
        named = self._group_of_reporter(token, person) if person is not None else None
        if named is not None:
            out.append(named)
            return out
        group = None
        for m_start, _m_end, _kind, actor in self.mentions:
            if m_start >= token.idx:
                break
            if token.idx - m_start <= PRONOUN_WINDOW and actor.type in _GROUP_TYPES \
                    and (person is None or actor.id != person[1]):
                group = actor
        if group is not None:
            out.append((group.name, group.id))
        return out

    def _group_of_reporter(self, token, person) -> tuple[str, str] | None:
        """The group named in the description of the person reporting ``token``'s clause
        ("*Homeland Front* leader Bartol Krenz said his party ...", "Vale, leader of *Civic
        Renewal*, said her party ...")."""
        subject = _reporting_subject(token)
        if subject is None:
            return None
        for t in subject.subtree:
            if t.pos_ != "PROPN" or t.head.pos_ == "PROPN" and t.dep_ in ("compound", "flat"):
                continue  # only the head word of each name
            resolved = self._resolve(t, None)
            if resolved is None or resolved[1] == person[1]:
                continue
            if t.dep_ == "appos" and t.head.lemma_.lower() in GROUP_NOUNS:
                return resolved  # "the environmental group Coastwatch Velmora": a group by apposition
            if not self._is_person(resolved[1]) and t.ent_type_ not in ("PERSON", "GPE"):
                return resolved
        return None

    def _resolve(self, token, quote) -> tuple[str, str] | None:
        """Map a holder token to (actor name, actor id)."""
        low = token.lower_
        if low in _RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
            return self._resolve(token.head.head, quote)
        if low in _FIRST_PERSON:
            if quote is not None:
                return self._quote_speaker(quote)
            return None
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ != "PROPN":
                # "its energy minister, Yevgeny Tarkhanov": the name, not the role
                resolved = self._resolve(child, quote)
                if resolved is not None and self._is_person(resolved[1]):
                    return resolved
        if token.pos_ == "NOUN" and not any(c.dep_ == "appos" for c in token.children):
            # "the leader of the Homeland Front, Bartol Krenz, ...": the parse hangs the name on
            # the organisation; the role noun is still the named person
            for prep in token.children:
                if prep.dep_ != "prep" or prep.lower_ != "of":
                    continue
                for obj in prep.children:
                    for name in obj.children:
                        if obj.dep_ == "pobj" and name.dep_ == "appos" and name.ent_type_ == "PERSON":
                            resolved = self._resolve(name, quote)
                            if resolved is not None and self._is_person(resolved[1]):
                                return resolved
        if low in _PERSON_PRONOUNS:
            # "Krenz said his party would ...", "Vale said she would ...": the reporting subject
            reporter = _reporting_subject(token)
            if reporter is not None and reporter.lower_ not in _PERSON_PRONOUNS | _THING_PRONOUNS:
                resolved = self._resolve(reporter, quote)
                if resolved is not None and self._is_person(resolved[1]):
                    return resolved
        elif low in ("they", "them", "their") and token.dep_ in ("nsubj", "poss"):
            # "two of the deputies told the paper that they would ...": the reporting subject,
            # never the addressee; none at all when that subject names no actor
            reporter = _reporting_subject(token)
            if reporter is not None and reporter.lower_ not in _PERSON_PRONOUNS | _THING_PRONOUNS:
                return self._resolve(reporter, quote)
        start, end = token.idx, token.idx + len(token.text)
        # a mention that overlaps the token (names, roles, pronouns from the actors stage)
        for m_start, m_end, _kind, actor in self.mentions:
            if m_start < end and start < m_end:
                return actor.name, actor.id
        if token.pos_ == "PRON" or low in _PERSON_PRONOUNS | _THING_PRONOUNS:
            if quote is not None and quote.speaker and quote.speaker_mention \
                    and quote.speaker_mention.lower() == low and self._near_cue(quote, token):
                return self._quote_speaker(quote)
            return self._antecedent(token)
        # the noun phrase's own extent (compounds: "the United States"); a common noun
        # ("Velmoran nationalists") is not the name that modifies it
        left = start if token.pos_ != "PROPN" else min(
            t.idx for t in token.subtree if t.dep_ in ("compound", "det", "nmod") or t.i == token.i)
        for m_start, m_end, _kind, actor in self.mentions:
            if m_start < end and left < m_end:
                return actor.name, actor.id
        for ent in token.doc.ents:
            if ent.label_ in _HOLDER_LABELS and ent.start <= token.i < ent.end:
                name = _entity_name(ent)
                actor = self.by_name.get(_name_key(name)) or self._by_last_name(name)
                if actor is not None:
                    return actor.name, actor.id
                if name:
                    return name, _actor_id(name)
        if token.pos_ == "PROPN" and token.ent_type_ in _HOLDER_LABELS | {""}:
            # a name the actors stage missed: a known actor under that name, a short form of an
            # organisation the article names in full ("Coastwatch" for "Coastwatch Velmora"), or
            # else the name as written ("Civic Renewal")
            name = " ".join(t.text for t in token.subtree if t.i <= token.i and t.pos_ == "PROPN"
                            and (t.i == token.i or t.dep_ in ("compound", "nmod")))
            key = _name_key(name)
            actor = self.by_name.get(key) or self._by_name_part(key)
            if actor is not None:
                return actor.name, actor.id
            if name and all(w[:1].isupper() and not w.isupper() for w in name.split()):
                return name, _actor_id(name)
        return None

    def _full_name_of(self, key: str) -> Actor | None:
        """The one other organisation whose name ends with the words of ``key`` (two or more):
        "Industry Council" for "Velmoran Industry Council"."""
        if len(key.split()) < 2:
            return None
        found = {actor.id: actor for actor in self.actors if actor.type != "person" and any(
            _name_key(form) != key and f" {_name_key(form)}".endswith(f" {key}")
            for form in (actor.name, *actor.aliases))}
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_name_part(self, key: str) -> Actor | None:
        """The one non-person actor whose name or alias starts with the words of ``key``."""
        if not key:
            return None
        found = {actor.id: actor for actor in self.actors if actor.type != "person" and any(
            f"{_name_key(form)} ".startswith(f"{key} ") for form in (actor.name, *actor.aliases))}
        return next(iter(found.values())) if len(found) == 1 else None

    def _condition(self, clause, target, profile, sign, cues, sent, quote) -> list[_Found]:
        """Support for the content of an "unless" clause from whoever opposes something (or
        refuses to support it) unless it happens."""
        main = clause.head
        candidates = [main, *(c for c in main.children if c.dep_ == "xcomp")]
        if main.dep_ == "xcomp":
            candidates.append(main.head)
        for verb in candidates:
            value = _lex(ATTITUDES, verb)
            cue = verb
            if not value:
                for phrase, (polarity, kind) in PHRASES.items():
                    if kind == "attitude" and phrase[0] == verb.lemma_.lower() and _phrase_at(verb, phrase):
                        value, cue = polarity, verb
                        break
            if not value:
                continue
            negated = any(c.dep_ == "neg" for c in verb.children) or any(
                c.dep_ == "neg" for c in main.children)
            if (value > 0) != negated:
                return []  # "supports it unless ...": a condition on support, no demand
            holders, _light = self._holders(cue, sent, quote)
            if not holders and verb is not main:
                holders, _light = self._holders(main, sent, quote)
            if not holders:
                subject = _reporting_subject(verb)
                resolved = self._resolve(subject, quote) if subject is not None else None
                holders = [resolved] if resolved is not None else []
            return [self._make(holder, profile, sign, cues, sent, quote, False, "attitude", cue)
                    for holder in holders]
        return []

    def _leads(self, speaker, words: str, found: list[_Found]) -> _Found | None:
        """The stance of a group the person ``speaker`` belongs to or leads, when the sentence or
        the speaker's roles name the group ("Homeland Front leader Bartol Krenz")."""
        if not self._is_person(speaker[1]) or any(f.actor_id == speaker[1] for f in found):
            return None
        actor = next(a for a in self.actors if a.id == speaker[1])
        context = _name_key(" ".join((words, *actor.roles, self._descriptions(actor))))
        for item in found:
            group = next((a for a in self.actors if a.id == item.actor_id), None)
            forms = (group.name, *group.aliases) if group is not None else (item.actor,)
            if group is not None and group.type == "person":
                continue
            keys = [_name_key(f) for f in forms if _name_key(f)]
            if any(f" {k} " in f" {context} " for k in keys) or any(
                    # the demonym of a country's name: "Drevnian minister" for "Drevnia"
                    " " not in k and len(k) >= 4 and w.startswith(k) and len(w) - len(k) <= 2
                    for k in keys for w in context.split()):
                return item
        return None

    def _descriptions(self, actor: Actor) -> str:
        """The words that describe ``actor`` where the article names them ("Civic Renewal leader
        Corinna Vale", "Vale, leader of Civic Renewal"), relative clauses left out."""
        if actor.id in self._described:
            return self._described[actor.id]
        words = []
        for mention in actor.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            skip = {t.i for c in root.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            words.extend(t.text for t in root.subtree if t.i not in skip and not span.start <= t.i < span.end)
        self._described[actor.id] = " ".join(words)
        return self._described[actor.id]

    def _is_person(self, actor_id: str) -> bool:
        return any(a.id == actor_id and a.type == "person" for a in self.actors)

    def _near_cue(self, quote: Quote, token) -> bool:
        return quote.cue_span is None or abs(quote.cue_span[0] - token.idx) < 80

    def _by_last_name(self, name: str) -> Actor | None:
        last = _name_key(name).split()[-1:] or [""]
        for actor in self.actors:
            if actor.type == "person" and _name_key(actor.name).split()[-1:] == last:
                return actor
        return None

    def _antecedent(self, token) -> tuple[str, str] | None:
        low = token.lower_
        want_person = low in _PERSON_PRONOUNS
        best = None
        for m_start, _m_end, kind, actor in self.mentions:
            if m_start >= token.idx:
                break
            if token.idx - m_start > PRONOUN_WINDOW or kind == "pronoun":
                continue
            is_person = actor.type == "person"
            if is_person == want_person:
                best = actor
        if best is not None:
            return best.name, best.id
        if not self.mentions:
            # no actor list: the nearest preceding named entity of a fitting type
            labels = {"PERSON"} if want_person else {"GPE", "ORG", "NORP"}
            candidates = [e for e in token.doc.ents if e.label_ in labels and e.end <= token.i
                          and token.idx - e.start_char <= PRONOUN_WINDOW]
            if candidates:
                name = _entity_name(candidates[-1])
                return name, _actor_id(name)
        return None

    def _quote_at(self, offset: int) -> Quote | None:
        for quote in self.quotes:
            if quote.start <= offset < quote.end:
                return quote
        return None

    def _quote_speaker(self, quote: Quote) -> tuple[str, str] | None:
        if not quote.speaker:
            return None
        actor = self.by_name.get(_name_key(quote.speaker))
        if actor is not None:
            return actor.name, actor.id
        return quote.speaker, quote.actor_id or _actor_id(quote.speaker)

    def _according_to(self, sent, quote) -> tuple[str, str] | None:
        for token in sent:
            if token.lower_ == "according" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False:
                for obj in token.nbor(1).children:
                    if obj.dep_ == "pobj":
                        target = obj
                        # "according to remarks made by X"
                        for t in obj.subtree:
                            if t.dep_ == "pobj" and t.head.dep_ == "agent":
                                target = t
                        resolved = self._resolve(target, quote)
                        if resolved:
                            return resolved
        return None

    def _make(self, holder, profile, sign, cues, sent, quote, modal, kind, cue_token) -> _Found:
        known = self.by_name.get(_name_key(holder[0]))
        if known is not None:
            holder = (known.name, known.id)  # one id per actor, however the holder was found
        if known is None or known.type != "person":
            full = self._full_name_of(_name_key(holder[0]))
            if full is not None:
                holder = (full.name, full.id)  # "Industry Council" in a headline, named in full later
        polarity = sign * (-1 if profile.negated else 1)
        confidence = CONFIDENCE[kind] + CUE_BONUS * max(0, len(cues) - 1)
        if quote is not None:
            confidence += QUOTE_BONUS
        if kind != "assertion" and modal and cue_token is not None and any(
            c.dep_ == "aux" and c.lower_ in ("could", "would") for c in cue_token.children
        ):
            confidence *= HEDGE_FACTOR
        reporter = None
        if quote is not None and quote.speaker:
            speaker = self._quote_speaker(quote)
            if speaker is not None and speaker[1] != holder[1]:
                reporter = speaker[0]
        return _Found(
            actor=holder[0],
            actor_id=holder[1],
            proposition=profile.id,
            polarity="support" if polarity > 0 else "oppose",
            sent=sent,
            confidence=min(MAX_CONFIDENCE, confidence),
            quote=quote,
            reporter=reporter,
        )


# --- dependency helpers ---------------------------------------------------------------------------


def _holder_tokens(cue) -> tuple[list, object | None]:
    """Head tokens of who holds the attitude expressed by ``cue``, and the light verb through
    which a noun cue gets its holder ("Russia *has* plans")."""
    if cue.pos_ in ("NOUN", "PROPN"):
        for child in cue.children:
            if child.dep_ == "poss":
                return [child], None
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return [obj], None
        head = cue.head
        if cue.dep_ in ("dobj", "attr", "pobj") and head.pos_ in ("VERB", "AUX", "ADP"):
            if head.pos_ == "ADP":
                head = head.head
            if head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() in LIGHT_VERBS or cue.dep_ == "attr"):
                subject = _subject_of(head)
                if subject is not None and subject.dep_ != "expl":
                    return [subject], head
        return [], None
    verb = cue
    if cue.pos_ == "ADP" or cue.dep_ in ("acomp", "attr", "oprd", "amod"):
        verb = cue.head
    subject = _subject(verb)
    if subject is not None and subject.dep_ not in ("expl", "nsubjpass", "csubj"):
        return [subject], None
    if subject is not None and subject.dep_ == "nsubjpass" and cue.lower_ in ATTITUDES:
        return [subject], None  # a state passive: "X is committed to / opposed to ..."
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return [obj], None
    if verb.dep_ == "xcomp":
        head = verb.head
        for child in head.children:
            if child.dep_ == "dobj":
                return [child], None
        subject = _subject_of(head)
        if subject is not None:
            return [subject], None
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        subject = _subject_of(verb.head)  # "X will hold rallies to demand ..."
        if subject is not None and subject.dep_ != "expl":
            return [subject], None
    if verb.dep_ == "conj":
        subject = _subject_of(verb.head)
        if subject is not None:
            return [subject], None
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":
        return [verb.head], None
    return [], None


def _threshold(verb) -> int:
    """-1 for a clause of something falling below a number ("the stake fell below 51 percent"),
    +1 for rising above one, 0 otherwise."""
    lemma = verb.lemma_.lower()
    if lemma not in FALL_VERBS and lemma not in RISE_VERBS:
        return 0
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in THRESHOLD_PREPS and any(t.like_num for t in prep.subtree):
            direction = THRESHOLD_PREPS[prep.lower_]
            if lemma in (FALL_VERBS if direction < 0 else RISE_VERBS):
                return direction
    return 0


def _in_description(token) -> bool:
    """Whether ``token`` lies in a relative clause about a name ("Vale, who has campaigned
    against the landfall, ...")."""
    node = token
    while node.head.i != node.i:
        if node.dep_ in ("relcl", "acl") and node.head.pos_ == "PROPN":
            return True
        node = node.head
    return False


def _conditional(token) -> bool:
    """Whether the clause of ``token`` (or the clause it completes: "voted to [oppose]") holds
    only under an "if" or "unless" condition."""
    node = token
    for _ in range(3):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                         for m in c.children) for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "acomp", "prep", "pobj", "dobj") or node.head.i == node.i:
            return False
        node = node.head
    return False


# Nouns of time and means whose infinitive names what someone could do with them ("a year to
# sabotage the deal", "an excuse to block it").
_PURPOSE_NOUNS = {"year", "month", "week", "day", "time", "chance", "opportunity", "excuse", "pretext",
                  "means", "tool", "weapon", "room", "leeway", "window", "licence", "license"}


def _purpose_relative(verb) -> bool:
    """An infinitive that tells what a noun is for ("a year to sabotage the deal", "a chance to
    block it"): the attitude is the purpose of whoever gets the noun, not the speaker's."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ in ("relcl", "acl"):
        return verb.head.lemma_.lower() in _PURPOSE_NOUNS
    # the parse may hang the infinitive on the verb instead: "give Oxfam a year [to sabotage]"
    return verb.dep_ == "advcl" and any(
        c.dep_ in ("npadvmod", "dobj") and c.lemma_.lower() in _PURPOSE_NOUNS and c.i < verb.i
        for c in verb.head.children)


def _negative_subject(subject) -> bool:
    """A subject that denies what its clause says of it: "nothing", "no option"."""
    return subject.lower_ in ("nothing", "none", "nobody", "noone") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _condition_word(token) -> bool:
    """A "provided (that)" or "providing" that opens a condition after a comma (the parse makes it
    a preposition or a conjunct as often as a marker)."""
    return token.lower_ in CONDITION_WORDS and token.dep_ in ("prep", "mark", "advcl", "conj") \
        and token.i > 0 and token.doc[token.i - 1].text == ","


def _antonym_of_statement(target, profile: Profile) -> bool:
    """Whether the target's noun phrase carries the opposite of a word the statement uses ("a
    minority share" read against "should hold a majority stake")."""
    noun = target.head if target.dep_ in ("compound", "amod", "nmod") and target.head.pos_ == "NOUN" \
        else target
    for word in (noun, *(c for c in noun.children if c.dep_ in ("amod", "compound", "nmod"))):
        opposite = ANTONYMS.get(word.lower_)
        if opposite and _stem(opposite) in profile.stated and _stem(word.lower_) not in profile.stated:
            return True
    return False


def _negated_reason(token) -> bool:
    """"We do not oppose it because it is foreign": the negation denies the reason, not the
    attitude."""
    return any(c.dep_ == "neg" for c in token.children) and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "because" for m in c.children)
        for c in token.children)


def _background_clause(clause) -> bool:
    """An adverbial clause of time or reason, or a participle clause of consequence ("before the
    law goes to a vote", "putting him at odds with ..."): what it says sets the scene."""
    if clause.dep_ != "advcl" or clause.pos_ not in ("VERB", "AUX"):
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & _BACKGROUND_MARKS:
        return True
    start = clause.left_edge.i
    return not marks and clause.tag_ == "VBG" and clause.i > clause.head.i and start > 0 \
        and clause.doc[start - 1].text == "," \
        and not _in_set(REPORTING_VERBS, clause) and not _lex(ATTITUDES, clause)


def _reports(verb, came_from) -> bool:
    """Whether ``verb`` reports the clause or phrase it is reached from ("said [that ...]",
    "called [the deal] a mistake")."""
    if not _in_set(REPORTING_VERBS, verb):
        return False
    if verb.lemma_.lower() == "call":
        # "call" reports only an evaluation: "called the deal [a mistake]", not "called a vote"
        return came_from.dep_ in ("dobj", "oprd") and any(c.dep_ == "oprd" for c in verb.children)
    return came_from.dep_ in ("ccomp", "xcomp", "conj", "parataxis", "advcl", "dobj", "acomp", "prep",
                              "nsubj", "csubj")


def _implicit_target(token) -> bool:
    """A definite "the project", "this deal" as the object of an attitude ("backed the project"),
    the object of "call X Y", or the subject of an evaluative predicate ("the deal is a mistake")."""
    if token.lower_ in ("it", "this") and token.dep_ in ("dobj", "pobj"):
        return _attitude_object(token)  # "we oppose it", "will vote against it"
    if token.lemma_.lower() not in IMPLICIT_TARGETS or token.pos_ != "NOUN":
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in token.children):
        return False
    if any(c.dep_ in ("prep", "compound", "acl") for c in token.children):
        return False  # "the deal on gas prices", "the plan to ..." name their own content
    head = token.head
    if _attitude_object(token):
        return True
    if token.dep_ == "dobj" and any(c.dep_ == "oprd" for c in head.children):
        return True
    if token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("acomp", "attr") and (_lex(EVALUATIONS, c) or any(
                _lex(EVALUATIONS, g) for g in c.children if g.dep_ == "amod")) for c in head.children):
        return True
    return False


def _attitude_object(token) -> bool:
    """Whether ``token`` is the object of an attitude verb ("opposed the pipeline", "voted
    against the law", "support for the plan")."""
    head = token.head
    if token.dep_ == "dobj" and head.pos_ == "VERB":
        return bool(_lex(ATTITUDES, head))
    if token.dep_ == "pobj" and head.dep_ == "prep":
        governor = head.head
        if _lex(ATTITUDES, head) and head.lower_ == "against":
            return True
        return any(_phrase_at(head, phrase) and kind == "attitude"
                   for phrase, (_p, kind) in PHRASES.items()) or (
            governor.pos_ == "NOUN" and bool(_lex(ATTITUDES, governor)))
    return False


_MODIFIER_DEPS = {"pobj", "prep", "compound", "amod", "nmod", "poss"}


def _own_phrase_cue(target) -> _Cue | None:
    """An attitude phrase that starts at the target verb itself ("vote against" when "vote" is a
    keyword of the proposition)."""
    if target.pos_ != "VERB":
        return None
    doc = target.doc
    for phrase, (polarity, kind) in PHRASES.items():
        n = len(phrase)
        if kind != "attitude" or target.i + n > len(doc):
            continue
        if tuple(doc[target.i + k].lemma_.lower() for k in range(n)) == phrase:
            return _Cue(polarity, kind, target)
    return None


def _reporting_subject(token):
    """The subject of the reporting verb whose reported clause holds ``token`` ("*Krenz* said his
    party ..."), or None."""
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            return None
        came_from, node = node, node.head
        if node.pos_ == "VERB" and _in_set(REPORTING_VERBS, node) \
                and came_from.dep_ in ("ccomp", "xcomp", "parataxis"):
            return _subject_of(node)
    return None


def _subject_of(verb):
    """The verb's subject, or for a coordinated verb without one, its first conjunct's."""
    seen = 0
    while verb is not None and seen < 5:
        subject = _subject(verb)
        if subject is not None:
            return subject
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _subject(verb):
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    return None


def _governing_verb(token):
    while token is not None and token.pos_ not in ("VERB", "AUX"):
        if token.head.i == token.i:
            return None
        token = token.head
    return token


def _is_question(verb) -> bool:
    """Subject-auxiliary inversion at the start of the clause: "can Ukraine get ...", "should X"."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    first_aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass")), None)
    if subject is None or first_aux is None:
        return False
    return first_aux.i < subject.left_edge.i and _clause_start(verb) == first_aux.i


def _clause_start(verb) -> int:
    tokens = [t for t in verb.subtree if not t.is_punct and t.dep_ not in ("cc", "intj", "advmod")]
    return tokens[0].i if tokens else verb.i


def _excluded_in_sentence(token) -> bool:
    """Whether the sentence excludes ``token`` ("without granting it full membership")."""
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in ("without", "except", "excluding", "instead", "short"):
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("pcomp",):
            return False
    return False


def _phrase_at(token, phrase: tuple[str, ...]) -> bool:
    """Whether ``token`` is part of an occurrence of ``phrase`` (lemmas or lower-cased words)."""
    positions = [k for k, word in enumerate(phrase) if word in (token.lower_, token.lemma_.lower())]
    if not positions:
        return False
    doc = token.doc
    n = len(phrase)
    for k in positions:
        start = token.i - k
        if start < 0 or start + n > len(doc):
            continue
        span = doc[start:start + n]
        if all(t.lemma_.lower() == w for t, w in zip(span, phrase)) \
                or all(t.lower_ == w for t, w in zip(span, phrase)):
            return True
    return False


def _phrase_indices(token) -> set[int]:
    """Indices of the tokens of every cue phrase that ``token`` is part of."""
    doc = token.doc
    out: set[int] = set()
    for phrase in PHRASES:
        n = len(phrase)
        for k, word in enumerate(phrase):
            start = token.i - k
            if word == token.lemma_.lower() and start >= 0 and start + n <= len(doc) \
                    and all(t.lemma_.lower() == w for t, w in zip(doc[start:start + n], phrase)):
                out.update(range(start, start + n))
    return out


def _span_text(token) -> str:
    tokens = [t for t in token.subtree if t.dep_ in ("compound", "det", "amod", "nmod") or t.i == token.i]
    tokens = sorted(tokens, key=lambda t: t.i)
    return " ".join(t.text for t in tokens)


def _entity_name(ent) -> str:
    text = ent.text.strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"['’ʼ]s$", "", text)
    return text.strip(" '\"“”")


def _name_key(name: str) -> str:
    text = (name or "").lower().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(re.findall(r"[\w']+", text))
