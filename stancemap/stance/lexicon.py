"""Stance vocabulary: the words and phrases the stance rules read, general English only.

Written by hand from general English stance vocabulary (the verbs, nouns and adjectives of
support, opposition and evaluation common in political reporting) and the function words of
English clauses. Nothing here names a debate, a person or a phrase of one text: knowledge of a
debate belongs in the codebook (keywords, examples) or the actors file. Keys are lemmas (lower
case); "lemma/POS" keys apply to that coarse part of speech only.
"""

from __future__ import annotations


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


# Endorsements of what someone said ("X welcomed Y's remarks"): the endorser takes Y's positions.
ENDORSE_VERBS = {"welcome", "praise", "endorse", "applaud", "hail", "echo", "second", "commend"}


REMARK_NOUNS = {"remark", "comment", "statement", "words", "speech", "position", "stance", "view",
                "call", "warning", "argument", "intervention", "assessment", "testimony"}


# Thresholds in a condition ("if the stake fell below 51 percent"): falling below a number is a
# decrease, rising above one an increase.
FALL_VERBS = {"fall", "drop", "decline", "sink", "slip", "dip", "shrink", "go", "be"}


RISE_VERBS = {"rise", "climb", "grow", "exceed", "increase", "go", "be"}


THRESHOLD_PREPS = {"below": -1, "under": -1, "above": 1, "over": 1, "beyond": 1}




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




_MODIFIER_DEPS = {"pobj", "prep", "compound", "amod", "nmod", "poss"}
