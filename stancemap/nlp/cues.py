"""Reporting cues: the verbs, nouns and phrases that introduce a statement.

General English reporting vocabulary, ranked by how often each word introduces attributed content
in news prose (counts read from the PolNeAR training split's cue annotations and the seed
articles; only ordinary English words are listed, no text is copied). Lemmas, lower case.
"""

from __future__ import annotations

# Verbs of saying that take a clause ("X said (that) ...") or introduce a direct quote.
SPEECH_VERBS = frozenset("""
say tell add write note announce suggest argue explain acknowledge declare claim insist warn state
assert report respond reply recall admit concede confirm deny stress emphasize emphasise underline
underscore remark mention indicate reiterate maintain contend observe predict promise pledge vow
allege complain charge tweet post conclude continue ask urge comment counter retort quip joke boast
testify inform assure reveal disclose signal hint imply propose caution demand agree reaffirm
repeat answer clarify specify proclaim lament muse wonder speculate estimate acknowledge affirm
admit recount threaten guarantee forecast insinuate stipulate reason elaborate concur object
protest grumble scoff gush exclaim shout yell cry whisper murmur mutter snap fire shoot thunder
summarize summarise highlight point explain instruct advise recommend allege alert announce brag
""".split())

# Verbs of thinking and finding: attributions in PolNeAR's sense, weaker evidence of a statement.
COGNITION_VERBS = frozenset("""
think believe know feel hope expect fear worry doubt suspect reckon guess find show see consider
understand realize realise
""".split())

# Verbs whose content can be a noun phrase, gerund or infinitive rather than a clause
# ("Moscow has cited X", "Meloni proposed extending X", "Rutte emphasized the need to ...").
OBJECT_VERBS = frozenset("""
cite propose recall deny emphasize emphasise stress underline underscore highlight urge demand
reject dismiss announce predict promise pledge vow reiterate acknowledge allege call push
criticize criticise condemn praise welcome endorse blame accuse question dispute decry
denounce slam blast warn recommend advocate suggest mention describe note proclaim outline
retweet tweet accuse encourage discuss reference mock attack lambaste detail unveil disclose
point comment speak talk reveal report indicate confirm tout
""".split())

# Prepositions that carry the content after these verbs: "call for", "push for", "warn of".
OBJECT_PREPOSITIONS = {"call": {"for", "on"}, "push": {"for"}, "warn": {"of", "about", "against"},
                       "point": {"to"}, "comment": {"on"}, "speak": {"of", "about"}, "talk": {"about"},
                       "argue": {"for", "against"}, "press": {"for"}, "appeal": {"for"},
                       "advocate": {"for"}, "describe": {"as"}}

# Verbs that need an object preposition or a clause to be a cue (bare "called X" names things).
NEEDS_PREPOSITION = frozenset({"call", "push", "describe", "point", "comment", "speak", "talk"})

# Nouns that carry a statement ("X's claim that ...", "remarks by X").
CUE_NOUNS = frozenset("""
claim statement remark comment assertion argument warning suggestion insistence announcement
promise pledge admission belief denial accusation allegation contention report testimony
message tweet post interview speech view position assurance prediction proposal call
""".split())

# Nouns that mark the source in "according to ...": the speaker is inside ("remarks by X").
SOURCE_NOUNS = frozenset("""
remark remarks statement comment report reports interview speech testimony letter memo note
post tweet analysis data survey poll estimate estimates account accounts release
""".split())

# Present-tense third-person forms that act as cues in headlines ("Witkoff says ...").
HEADLINE_CUES = frozenset("""
says tells warns claims urges insists denies admits vows calls slams blasts accuses rejects
dismisses suggests believes thinks wants argues alleges asserts predicts promises pledges
confirms announces reveals declares demands questions criticizes criticises
""".split())

# Nouns that name a news outlet used as a source ("the newspaper reported", "Danish media said").
MEDIA_NOUNS = frozenset("""newspaper paper outlet network magazine broadcaster agency daily
publication site website channel station tabloid media press outlets newspapers broadcasters
""".split())
# Words that make an organization's name an outlet's ("The Guardian", "ABC News", "Daily Telegraph").
MEDIA_NAME_WORDS = frozenset("""times post news journal tribune herald guardian telegraph gazette
chronicle observer independent express mirror mail standard radio tv television broadcasting
magazine newsweek reuters bloomberg politico axios
""".split())
# News agencies and broadcasters known by initials or a bare name, cited as sources in wire copy
# (general knowledge of the trade, not of any one debate).
NEWS_AGENCIES = frozenset("""ap afp reuters bloomberg dpa efe ansa xinhua tass ria interfax kyodo yonhap
anadolu pap upi cnn bbc nbc cbs abc msnbc npr pbs fox axios politico""".split()) | {"associated press",
                                                                                   "agence france-presse"}

# Cue words the NER takes into the name after them ("Said Larsen: ...").
CUE_WORDS_IN_NAMES = frozenset({"said", "says", "added", "adds", "told", "wrote", "asked"})

# Words that make a cue verb attributive only when a subject speaks: "it" as expletive subject
# of these never speaks ("it is said that").
EXPLETIVE_SUBJECTS = frozenset({"there"})

# Dashes that attribute a quote to a name after it ("..." -- Jane Doe).
ATTRIBUTION_DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-", "--"})

# Common nouns that can head a speaker of object cues ("the minister proposed ...").
SPEAKER_NOUNS = frozenset("""
president minister envoy spokesman spokeswoman spokesperson secretary chancellor premier senator
congressman congresswoman representative governor mayor candidate nominee leader chief ambassador
general adviser advisor official diplomat commander director chairman chairwoman chair king queen
prince judge lawyer attorney prosecutor founder businessman billionaire host anchor reporter
analyst economist expert critic supporter opponent voter activist member lawmaker legislator
government administration ministry department agency office campaign party committee council
court company newspaper paper group organization union alliance bloc country state nation
officials source sources authority authorities people observer aide staffer strategist
democrat republican conservative liberal partner surrogate doctor physician surgeon nurse professor
scientist researcher scholar historian author writer editor columnist commentator pundit pollster
aide staff ally rival backer donor friend colleague resident worker employee executive manager
owner farmer parent mother father wife husband son daughter student teacher officer soldier
veteran victim witness protester demonstrator
""".split())
