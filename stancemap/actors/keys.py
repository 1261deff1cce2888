"""Identity keys for actors: one key per actor across spellings, transliterations and titles.

``actor_key("US Defense Secretary Pete Hegseth") == actor_key("Hegseth")`` and
``actor_key("Zelenskyy") == actor_key("Vladimir Zelensky") == actor_key("Volodymyr Zelensky")``.

A person's key is built from the given name (folded to one form per name family, so Steve/Stephen
and Andrey/Andriy collide) and the surname (folded for common transliteration endings). A bare
surname keys as itself: within an article it joins the one full name that ends with it
(:meth:`stancemap.actors.resolve.ActorIndex.merge_surnames`), across a corpus the one person
with that surname (:func:`stancemap.actors.merge.merge_surname_actors`), and an actors file
(``--actors``) can name anyone else. Organizations and countries use :data:`NAME_ALIASES`
("U.S." -> "united states") and capital-city metonymy (:data:`CAPITALS`).

Not handled: family members sharing a surname when only the surname is given (a bare "Clinton"
stays apart when the corpus names two Clintons); transliterations beyond the endings folded
below (e.g. "Jermak" vs "Yermak"); names in non-Latin scripts (they key as written).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import content_id

# Words that open a role or title before a name ("US Defense Secretary Pete Hegseth"); stripped
# from the front of a name. Collected from the seed articles and common English news titles.
TITLE_WORDS = frozenset("""
mr mrs ms miss dr prof sir dame lord lady baroness baron earl duke duchess countess viscount rev gen lt col maj capt sgt adm rep sen gov pres
president vice prime minister ministers secretary deputy foreign defense defence interior finance
state chief chancellor premier king queen prince princess sheikh emir ayatollah pope
general commander admiral ambassador envoy special spokesman spokeswoman spokesperson adviser
advisor national security senator representative congressman congresswoman governor mayor
former ex acting incoming outgoing top senior us u.s. uk u.k. eu un nato american british
russian ukrainian european german french italian chinese israeli polish romanian the of for and
staff head leader director executive ceo chairman chairwoman chair candidate nominee justice
judge attorney officer official member minister's
""".split())

# Given-name families: every spelling maps to the first form. From the seed articles (Steve/
# Stephen Witkoff, Andrey/Andriy Yermak, Vladimir/Volodymyr Zelensky) and common English nicknames.
GIVEN_NAME_FAMILIES = (
    ("volodymyr", "vladimir", "wolodymyr"),
    ("stephen", "steve", "steven"),
    ("andriy", "andrey", "andrii", "andrei", "andriy", "andrij"),
    ("michael", "mike", "mikhail", "mykhailo"),
    ("william", "bill", "billy", "will"),
    ("robert", "bob", "bobby", "rob"),
    ("joseph", "joe"),
    ("james", "jim", "jimmy"),
    ("thomas", "tom"),
    ("peter", "pete", "petro", "pyotr"),
    ("daniel", "dan"),
    ("richard", "rick", "dick"),
    ("alexander", "alex", "oleksandr", "aleksandr", "alexandr", "olexander"),
    ("sergey", "sergei", "serhiy", "serhii", "sergii"),
    ("dmitry", "dmitri", "dmytro", "dmitriy"),
    ("yuri", "yuriy", "yurii", "yury"),
    ("nikolai", "nikolay", "mykola"),
    ("anatoly", "anatoliy", "anatolii"),
    ("valery", "valeriy", "valerii"),
    ("denis", "denys"),
    ("olena", "elena", "yelena"),
    ("kirill", "kyrylo"),
    ("hillary", "hilary"),
    ("edward", "ed", "ted"),
    ("charles", "chuck", "charlie"),
    ("benjamin", "ben", "bibi"),
    ("jonathan", "jon"),
    ("christopher", "chris"),
    ("nicholas", "nick"),
    ("matthew", "matt"),
    ("anthony", "tony"),
    ("kenneth", "ken"),
    ("donald",),
)
# Romanization variants of Slavic given names, applied to names the families above do not list:
# Yevgeny/Evgeny, Yelena/Elena, Yuliya/Yulia, Dmitriy/Dmitry, Valerii/Valery (BGN/PCGN, ISO 9 and
# Ukrainian National romanizations of the same Cyrillic letters).
_GIVEN_ROMANIZATION = (
    (re.compile(r"^ye(?=[^aeiouy])"), "e"),
    (re.compile(r"(?<=[^aeiou])(?:iya|ija|ya)$"), "ia"),
    (re.compile(r"(?<=[^aeiou])(?:iy|yy|ij|ii)$"), "y"),
)


def _romanize_given(name: str) -> str:
    for pattern, repl in _GIVEN_ROMANIZATION:
        name = pattern.sub(repl, name)
    return name


_GIVEN = {form: family[0] for family in GIVEN_NAME_FAMILIES for form in family}
_GIVEN.update({_romanize_given(form): family[0] for family in GIVEN_NAME_FAMILIES for form in family
               if _romanize_given(form) not in _GIVEN})

# Capital cities (and seats of government) that stand for their country in news prose
# ("Moscow has cited ..."). Deliberately small; extend as corpora need.
CAPITALS = {
    "moscow": "Russia", "washington": "United States", "kyiv": "Ukraine", "kiev": "Ukraine",
    "beijing": "China", "london": "United Kingdom", "paris": "France", "berlin": "Germany",
    "warsaw": "Poland", "bucharest": "Romania", "budapest": "Hungary", "bratislava": "Slovakia",
    "tehran": "Iran", "ankara": "Turkey", "tokyo": "Japan", "pyongyang": "North Korea",
    "seoul": "South Korea", "minsk": "Belarus", "rome": "Italy", "madrid": "Spain",
    "ottawa": "Canada", "canberra": "Australia", "new delhi": "India", "delhi": "India",
    "jerusalem": "Israel", "damascus": "Syria", "riyadh": "Saudi Arabia", "vilnius": "Lithuania",
    "riga": "Latvia", "tallinn": "Estonia", "helsinki": "Finland", "stockholm": "Sweden",
    "oslo": "Norway", "copenhagen": "Denmark", "the hague": "Netherlands", "brussels": "European Union",
    "prague": "Czech Republic", "vienna": "Austria", "athens": "Greece", "caracas": "Venezuela",
    "havana": "Cuba", "taipei": "Taiwan", "kabul": "Afghanistan", "baghdad": "Iraq",
}

# Spellings of one organization or country (after lower-casing and dropping a leading "the").
NAME_ALIASES = {
    "us": "united states", "u.s": "united states", "u.s.": "united states", "usa": "united states",
    "u.s.a.": "united states", "united states of america": "united states", "america": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "u.k": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "eu": "european union", "e.u.": "european union",
    "un": "united nations", "u.n.": "united nations", "russian federation": "russia",
    "north atlantic treaty organization": "nato", "the alliance": "nato",
    "dprk": "north korea", "prc": "china", "people's republic of china": "china",
}

# Demonyms and plural nationality nouns that stand for a country ("the Russians", "Romanian
# officials"). From the seed articles plus the countries of CAPITALS.
DEMONYMS = {
    "russian": "Russia", "russians": "Russia", "ukrainian": "Ukraine", "ukrainians": "Ukraine",
    "american": "United States", "americans": "United States", "u.s.": "United States",
    "us": "United States", "romanian": "Romania", "romanians": "Romania", "polish": "Poland",
    "poles": "Poland", "german": "Germany", "germans": "Germany", "french": "France",
    "british": "United Kingdom", "chinese": "China", "italian": "Italy", "italians": "Italy",
    "hungarian": "Hungary", "slovak": "Slovakia", "iranian": "Iran", "iranians": "Iran",
    "israeli": "Israel", "israelis": "Israel", "turkish": "Turkey", "japanese": "Japan",
    "canadian": "Canada", "spanish": "Spain", "belarusian": "Belarus", "european": "European Union",
    "syrian": "Syria", "mexican": "Mexico", "cuban": "Cuba", "indian": "India",
}

# Display forms of keyed organizations and countries.
DISPLAY_NAMES = {
    "united states": "United States", "united kingdom": "United Kingdom",
    "european union": "European Union", "united nations": "United Nations", "nato": "NATO",
}

# Particles that belong to a surname.
SURNAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "la", "le",
                               "bin", "ibn", "al", "el", "dos", "du"})

# Words that make a name an organization's (its key keeps every word): "New York Times",
# "Democratic National Committee". Common English organization heads.
ORG_WORDS = frozenset("""
times post news journal tribune herald guardian telegraph press network channel radio tv magazine
committee party council commission union ministry department office agency bureau service forces
army navy force house senate congress parliament court bank fund university institute foundation
association organization organisation alliance campaign group company corporation inc corp ltd
administration government kremlin pentagon nations league coalition front movement
consortium federation embassy
""".split())

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s?$")
_TOKEN = re.compile(r"[\w'.\-]+")
# Transliteration endings folded for surnames: Zelenskyy/Zelenskiy/Zelenskyi/Zelenskij -> zelensky.
_SURNAME_ENDINGS = ((re.compile(r"(?<=sk)(?:yy|iy|yi|ii|ij|i)$"), "y"),
                    (re.compile(r"(?<=ck)(?:yy|iy|yi|ii|ij|i)$"), "y"),
                    # Ukrainian adjectival surnames: Zaluzhnyi / Zaluzhny / Zaluzhniy
                    (re.compile(r"(?<=[bcdfghklmnprstvz]{2})(?:yy|iy|yi|ij)$"), "y"),
                    (re.compile(r"(?<=n)(?:yy|iy|yi|ij)$"), "y"))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()


def _tokens(name: str) -> list[str]:
    toks = []
    for tok in _TOKEN.findall(_fold(name)):
        tok = _POSSESSIVE.sub("", tok).strip("-")
        if tok:
            toks.append(tok)
    return toks


def strip_titles(name: str) -> tuple[str, str]:
    """Split a leading title or role off a person's name.

    ``"US Defense Secretary Pete Hegseth"`` -> ``("US Defense Secretary", "Pete Hegseth")``.
    Only capitalized title words from :data:`TITLE_WORDS` are stripped, from the front, and at
    least one word always stays. Does not handle roles after the name ("Hegseth, the secretary").
    """
    words = name.split()
    i = 0
    while i < len(words) - 1:
        w = _fold(words[i]).rstrip(".,").rstrip("'s")
        if w in TITLE_WORDS or _fold(words[i]).rstrip(",") in TITLE_WORDS:
            i += 1
            continue
        if w.endswith("'s") or words[i].endswith(("\u2019s", "'s", "\u02bcs")):
            i += 1  # "Ukraine's President Volodymyr Zelensky"
            continue
        break
    # a title after an organization's name: "Kremlin spokesman Dmitry Peskov"
    for j in range(len(words) - 2, i - 1, -1):
        if _fold(words[j]).rstrip(".,") in TITLE_WORDS and words[j + 1][:1].isupper():
            i = j + 1
            break
    # never strip into a lone lowercase word
    return " ".join(words[:i]), " ".join(words[i:])


def _person_key(tokens: list[str]) -> str:
    tokens = [t for t in tokens if len(t.rstrip(".")) > 1 or len(tokens) == 1]  # drop initials
    tokens = [t.rstrip(".") for t in tokens]
    if not tokens:
        return ""
    surname = tokens[-1]
    for pattern, repl in _SURNAME_ENDINGS:
        surname = pattern.sub(repl, surname)
    # surname particles stay with the surname: "von der Leyen", "bin Salman"
    i = len(tokens) - 1
    while i > 0 and tokens[i - 1] in SURNAME_PARTICLES:
        i -= 1
    if i < len(tokens) - 1:
        surname = " ".join(tokens[i:-1] + [surname])
        tokens = tokens[:i] + [surname]
    if len(tokens) == 1:
        return _GIVEN.get(surname) or surname
    given = _GIVEN.get(tokens[0]) or _GIVEN.get(_romanize_given(tokens[0])) or _romanize_given(tokens[0])
    return f"{given} {surname}"


@lru_cache(maxsize=1 << 16)
def actor_key(name: str) -> str:
    """A normalized identity key for an actor's name (see the module docstring)."""
    if not name or not name.strip():
        return ""
    folded = _fold(name).strip(" .,;:")
    folded = re.sub(r"^the\s+", "", folded)
    folded = _POSSESSIVE.sub("", folded)
    if folded in NAME_ALIASES:
        return NAME_ALIASES[folded]
    if folded in CAPITALS:
        return actor_key(CAPITALS[folded])
    if folded in DISPLAY_NAMES:
        return folded
    if folded in DEMONYMS and folded.endswith("s"):
        return actor_key(DEMONYMS[folded])
    _, bare = strip_titles(name)
    tokens = _tokens(bare)
    if not tokens:
        return folded
    joined = " ".join(tokens)
    if joined in NAME_ALIASES:
        return NAME_ALIASES[joined]
    if len(tokens) > 4 or any(ch.isdigit() for ch in joined) or ORG_WORDS.intersection(tokens):
        return joined  # organization-like; not a person's name
    return _person_key(tokens)


def actor_id(name: str) -> str:
    """The stable id of an actor: ``content_id(actor_key(name))``."""
    return content_id(actor_key(name))


def spelling_key(name: str) -> str:
    """A name as written, without its titles, case, accents or possessive: no given-name families
    or transliteration endings ("Stephen Witkoff" and "Steve Witkoff" differ,
    "Envoy Steve Witkoff's" is "steve witkoff")."""
    folded = re.sub(r"^the\s+", "", _fold(name).strip(" .,;:"))
    tokens = _tokens(folded)
    if not ORG_WORDS.intersection(tokens):
        tokens = _tokens(strip_titles(name.strip())[1]) or tokens
    return " ".join(t.rstrip(".") for t in tokens) if tokens else folded


def spelled_actor_id(name: str) -> str:
    """The id of an actor kept apart from others that share its identity key (an actors file's
    ``distinct:`` groups): derived from the key and the spelling, so it never equals an
    :func:`actor_id`."""
    return content_id(actor_key(name), spelling_key(name))


@lru_cache(maxsize=1 << 16)
def display_name(name: str) -> str:
    """The display form of an organization or country whose key has one ("U.S." -> "United
    States"), else the name itself. Persons keep the name the article gives them; a canonical
    form for a person is the user's to give, in an actors file (``--actors``)."""
    key = actor_key(name)
    if key in DISPLAY_NAMES:
        return DISPLAY_NAMES[key]
    country = country_for(name)
    if country and actor_key(country) == key:
        return country
    return name


@lru_cache(maxsize=1 << 16)
def country_for(word: str) -> str | None:
    """The country a capital city or demonym stands for ("Moscow" -> "Russia"), else None."""
    folded = _fold(word).strip(" .,")
    folded = re.sub(r"^the\s+", "", folded)
    return CAPITALS.get(folded) or DEMONYMS.get(folded)
