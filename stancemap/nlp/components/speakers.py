"""The ``stancemap_speakers`` component: actors of the article and the actor behind each speaker.

Name mentions (spaCy NER: PERSON, ORG, GPE, NORP) are clustered into actors by
:class:`stancemap.actors.resolve.ActorIndex`. Each quote's speaker mention (set by
``stancemap_quotes``) is then resolved: names to their cluster; capitals, demonyms and
"<country> officials" to the country or organization they stand for (metonymy); pronouns to the
nearest fitting antecedent (subjects of the current and previous sentences first, gender kept
consistent); role descriptions ("the envoy", "the Ukrainian president", "the newspaper") to the
actor holding that role in the article. A capital the article itself describes ("Kolvask, the
Drevnian capital") stands for that country; a dateline's place is never an actor.

Sets ``Span._.sm_actor`` on quotes and mentions, ``doc.spans["stancemap_mentions"]`` and
``doc._.sm_actors``. Not handled: cataphora ("In his speech, Trump said"), split antecedents
("Trump and Pence ... they"), pronouns whose antecedent is more than
:data:`MAX_ANTECEDENT_SENTENCES` sentences back.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...actors.keys import CAPITALS, DEMONYMS, ORG_WORDS, SURNAME_PARTICLES, actor_key, country_for
from ...actors.names import given_name_gender
from ...actors.resolve import ActorIndex
from .. import cues
from ..datelines import dateline_tokens
from ..entities import EntityIndex
from ..extensions import MENTIONS_KEY, QUOTES_KEY
from .candidates import UNREALIZED

# How many sentences back a pronoun's antecedent may be. Seed articles need 3 (a quote-only
# sentence and a side remark between "Zaluzhny recalled" and "He further remarked").
MAX_ANTECEDENT_SENTENCES = 5
# Nouns that name a news outlet when used as a speaker ("the newspaper said").
MEDIA_NOUNS = cues.MEDIA_NOUNS
# Nouns that name a person by role ("the envoy said").
PERSON_ROLE_NOUNS = frozenset("""president minister envoy spokesman spokeswoman spokesperson
secretary chancellor premier senator congressman congresswoman representative governor mayor
candidate nominee leader chief ambassador general adviser advisor official diplomat commander
director chairman chairwoman chair king queen prince judge lawyer attorney prosecutor founder
businessman billionaire host anchor reporter correspondent author writer analyst economist
""".split())
# Plural nouns that stand for their country or organization when it modifies them
# ("Romanian officials", "NATO diplomats", "An official from Bucharest").
GROUP_NOUNS = frozenset("""official officials diplomat diplomats authorities leaders leadership
government member members lawmakers sources source spokesman spokeswoman spokesperson
representatives envoys ministry military forces analyst analysts economists researchers
experts executives embassy consulate mission delegation""".split())
# Prepositions joining a group noun to the body it speaks for ("a spokesman for the ministry").
_GROUP_PREPS = frozenset({"for", "of", "at", "from"})
_MALE_PRONOUNS = frozenset({"he", "him", "his"})
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


@Language.component("stancemap_speakers")
def speakers_component(doc: Doc) -> Doc:
    """Cluster actors and resolve every quote's speaker mention to one of them."""
    _SpeakerResolver(doc).run()
    return doc


class _SpeakerResolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities = EntityIndex(doc)
        self.index = ActorIndex()
        self.sent_starts = [s.start for s in doc.sents] if doc.has_annotation("DEP") else [0]
        self.quote_tokens: set[int] = set()
        for span in doc.spans.get(QUOTES_KEY, []):
            if span._.sm_type == "direct":
                self.quote_tokens.update(range(span.start, span.end))
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
        # antecedent candidates: (token index, key, is_subject)
        self.antecedents: list[tuple[int, str, bool]] = []
        self.speakers: set[str] = set()
        self.capitals: dict[str, str] = {}  # capitals the article names -> their country

    def sent_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def para(self, char: int) -> int:
        return bisect_right(self.line_starts, char) - 1

    def run(self) -> None:
        doc = self.doc
        entity_keys: list[tuple[Span, str]] = []
        datelines = dateline_tokens(doc)
        stated = self.stated_capitals()
        surnames = {e[-1].text.lower() for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
                    and e[-1].is_title}
        capital_ents = []
        for ent in doc.ents:
            if ent.label_ not in _ENTITY_LABELS or any(i in datelines for i in range(ent.start, ent.end)):
                continue  # a dateline's place is where the story was filed, not an actor
            if ent.text.lower() in stated:
                capital_ents.append(ent)
                continue
            if ent.label_ != "PERSON" and ent.text.lower() in surnames and not country_for(ent.text):
                # "Germany's Scholz warns ..." tagged as a place: the surname of a person the
                # article names in full is that person
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            key = self.add_entity(ent)
            if key:
                entity_keys.append((ent, key))
        for ent in capital_ents:
            country = self.country_of(stated[ent.text.lower()])
            self.capitals[ent.text.lower()] = country
            key = self.index.add_name(country, ent.start_char, ent.end_char, "GPE", kind="metonym")
            self.index.add_mention(key, ent.start_char, ent.end_char, ent.text, "metonym")
        self.index.merge_surnames()
        for ent, _ in entity_keys:
            key = self.index.find(ent.start_char, ent.end_char)
            if key is None:
                continue
            self.add_roles(ent, key)
            root = ent.root
            if root.i in self.quote_tokens:
                continue
            if root.dep_ == "compound" and root.head.pos_ == "NOUN":
                continue  # "the Carter administration": names a thing, not a person who acts here
            self.antecedents.append((root.i, key, root.dep_ in ("nsubj", "nsubjpass")))
        self.antecedents.sort()
        for span in sorted(doc.spans.get(QUOTES_KEY, []), key=lambda s: s.start):
            speaker = span._.sm_speaker
            if speaker is None:
                continue
            key, kind = self.resolve(speaker, span._.sm_kind or "name", span)
            span._.sm_kind = kind
            if key is None:
                continue
            span._.sm_actor = key
            self.speakers.add(key)
            self.index.add_mention(key, speaker.start_char, speaker.end_char, speaker.text, kind)
            pos = (speaker.root.i, key, True)
            i = bisect_right(self.antecedents, pos)
            self.antecedents.insert(i, pos)
        unrealized = [s for s in doc.spans.get(QUOTES_KEY, []) if s.label_ == UNREALIZED]
        if unrealized:
            doc.spans[QUOTES_KEY] = [s for s in doc.spans[QUOTES_KEY] if s.label_ != UNREALIZED]
            dropped = dict(doc._.sm_dropped or {})
            dropped["negated or unrealized cue"] = dropped.get("negated or unrealized cue", 0) + len(unrealized)
            doc._.sm_dropped = dropped
        self.store()

    # ---- building the actor index ------------------------------------------------------
    def stated_capitals(self) -> dict[str, Token]:
        """Capitals the article itself names: "Kolvask, the Drevnian capital", "the Drevnian capital,
        Kolvask", "Kolvask, the capital of Drevnia". Lower-cased city -> the word naming the country."""
        found: dict[str, Token] = {}
        for tok in self.doc:
            if tok.lemma_.lower() != "capital" or tok.pos_ != "NOUN":
                continue
            country = next((c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")
                            and c.text[:1].isupper()), None)
            if country is None:
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                country = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None) \
                    if prep is not None else None
            if country is None:
                continue
            if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
                city = tok.head
            else:
                city = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            if city is not None:
                first = min([c.i for c in city.lefts if c.dep_ == "compound"] + [city.i])
                found[self.doc[first:city.i + 1].text.lower()] = country  # "New Kolvask"
        return found

    def country_of(self, word: Token) -> str:
        """The country a demonym or country name of the article stands for ("Drevnian" -> "Drevnia"
        when the article names Drevnia; else the word itself)."""
        text = word.text
        return DEMONYMS.get(text.lower()) or country_for(text) or self.demonym_country(text) or text

    def add_entity(self, ent: Span) -> str | None:
        label = ent.label_
        if len(ent) > 1 and ent[0].lower_ in cues.CUE_WORDS_IN_NAMES:
            ent = Span(self.doc, ent.start + 1, ent.end, label=label)  # "Said Larsen:" read as one name
        if label == "PERSON":
            ent = _extend_particles(ent)
        text = ent.text
        start, end = ent.start_char, ent.end_char
        if label == "NORP":
            # only plural nationality nouns name a country ("the Russians"), not adjectives
            if ent.root.tag_ not in ("NNPS", "NNS"):
                return None
            country = DEMONYMS.get(text.lower().split()[-1])
            if not country:
                return None
            key = self.index.add_name(country, start, end, "GPE", kind="metonym")
            self.index.add_mention(key, start, end, text, "metonym")
            return key
        if text.lower().startswith("the "):
            text, start = text[4:], start + 4
        if label == "GPE":
            key_text = text
            return self.index.add_name(key_text, start, end, "GPE")
        return self.index.add_name(text, start, end, label)

    def add_roles(self, ent: Span, key: str) -> None:
        """Roles written around a name: "U.S. Special Envoy Steve Witkoff", "X, the envoy"."""
        cluster = self.index.clusters.get(key)
        if cluster is None or cluster.type != "person":
            return
        doc = self.doc
        root = ent.root
        left = root.left_edge.i
        if left < ent.start:
            toks = [t for t in doc[left:ent.start] if not (t.dep_ == "det" and t.i == left)]
            if toks and all(t.dep_ in ("compound", "amod", "nmod", "prep", "pobj", "poss", "case", "punct", "det")
                            for t in toks):
                role = doc[toks[0].i:ent.start].text.strip(" ,")
                if role and role not in cluster.roles:
                    cluster.roles.append(role)
        for child in root.rights:
            if child.dep_ == "appos":
                sub = doc[child.left_edge.i:child.right_edge.i + 1]
                if any(e.label_ == "PERSON" for e in self.entities.within(sub)):
                    continue  # a second name, not a role
                role = sub.text.strip(" ,")
                if role and len(sub) <= 16 and role not in cluster.roles:
                    cluster.roles.append(role)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            head = root.head
            role = doc[head.left_edge.i:head.i + 1].text
            if role not in cluster.roles:
                cluster.roles.append(role)
        if cluster.gender is None:
            cluster.gender = given_name_gender(ent.text)

    # ---- resolving a speaker mention -------------------------------------------------------
    def resolve(self, speaker: Span, kind: str, quote: Span) -> tuple[str | None, str]:
        root = speaker.root
        low = speaker.text.lower()
        if kind == "pronoun":
            if root.lower_ in ("i", "we", "you") and root.i not in self.quote_tokens:
                return None, "pronoun"
            if root.lower_ in ("who", "which", "that") and root.head.dep_ == "relcl":
                noun = root.head.head
                return self.resolve_noun(noun, quote), "pronoun"
            return self.antecedent(root), "pronoun"
        # metonymy: a capital, a demonym, or "<country|org> officials"
        at_root = self.entities.at(root.i)
        ents = [e for e in self.entities.within(speaker) if e.label_ in _ENTITY_LABELS] or \
               [e for e in (at_root,) if e is not None and e.label_ in _ENTITY_LABELS]
        if kind in ("name",) and ents:
            ent = next((e for e in ents if e.start <= root.i < e.end), ents[-1])
            country = CAPITALS.get(ent.text.lower()) if ent.label_ == "GPE" else None
            country = country or self.capitals.get(ent.text.lower())
            if country:
                key = self.index.add_name(country, ent.start_char, ent.end_char, "GPE", kind="metonym")
                return key, "metonym"
            key = self.index.find(ent.start_char, ent.end_char)
            if key is not None:
                return key, "name"
        if kind == "name":
            words = {t.lower_ for t in speaker}
            label = "PERSON" if 2 <= len(speaker) <= 3 and all(t.is_title for t in speaker) \
                and not words & ORG_WORDS else "ORG"
            if speaker.root.ent_type_:
                label = speaker.root.ent_type_ if speaker.root.ent_type_ in _ENTITY_LABELS else label
            key = self.index.add_name(speaker.text, speaker.start_char, speaker.end_char, label)
            return key, "name"
        if kind in ("metonym", "role"):
            if root.lower_ in GROUP_NOUNS or root.lemma_.lower() in GROUP_NOUNS:
                for ent in ents:
                    if ent.label_ in ("GPE", "ORG", "NORP"):
                        return self.metonym(ent), "metonym"
                for tok in speaker:
                    if tok.lower_ in DEMONYMS:
                        return self.index.add_name(DEMONYMS[tok.lower_], tok.idx, tok.idx + len(tok), "GPE",
                                                   kind="metonym"), "metonym"
                for tok in speaker:  # "An official from Bucharest"
                    c = country_for(tok.text)
                    if c and tok.text[:1].isupper():
                        return self.index.add_name(c, tok.idx, tok.idx + len(tok), "GPE", kind="metonym"), "metonym"
                for tok in speaker:  # a demonym the NER missed here but tagged elsewhere in the article
                    if tok.dep_ in ("amod", "compound") and tok.text[:1].isupper():
                        ent = next((e for e in self.entities.ents if e.label_ == "NORP" and e.text == tok.text), None)
                        if ent is not None:
                            key = self.metonym(ent)
                            self.index.add_mention(key, tok.idx, tok.idx + len(tok), tok.text, "metonym")
                            return key, "metonym"
            key = self.role(speaker)
            return key, "role"
        return None, kind

    def resolve_noun(self, noun: Token, quote: Span) -> str | None:
        """The actor of the noun a relative pronoun modifies ("Hegseth, who has denied ...")."""
        ent = self.entities.at(noun.i)
        if ent is not None and ent.label_ in _ENTITY_LABELS:
            key = self.index.find(ent.start_char, ent.end_char)
            if key is not None:
                return key
        span = self.doc[noun.left_edge.i:noun.i + 1]
        key, _ = self.resolve(span, "role", quote)
        return key

    def metonym(self, ent: Span) -> str | None:
        if ent.label_ in ("GPE", "NORP"):
            country = country_for(ent.text) or (ent.text if ent.label_ == "GPE" else None) \
                or self.demonym_country(ent.text)
            if country:
                return self.index.add_name(country, ent.start_char, ent.end_char, "GPE", kind="metonym")
        return self.index.find(ent.start_char, ent.end_char) or \
            self.index.add_name(ent.text, ent.start_char, ent.end_char, ent.label_)

    def ministry_of(self, noun: Token) -> str | None:
        """ministry named by its minister ("her ministry", minister "Velmoran Energy Minister X")."""
        poss = next((c for c in noun.children if c.dep_ == "poss" and c.lower_ in ("her", "his")), None)
        if poss is None:
            return None
        person = self.antecedent(poss)
        cluster = self.index.clusters.get(person) if person else None
        if cluster is None:
            return None
        for role in cluster.roles:
            words = role.split()
            if len(words) >= 2 and words[-1].lower() == "minister" and words[-2][:1].isupper() \
                    and words[-2].lower() not in ("prime", "deputy", "foreign"):
                name = " ".join(words[:-1] + ["Ministry"])
                return self.index.add_name(name, noun.idx, noun.idx + len(noun), "ORG", kind="role")
        return None

    def demonym_country(self, word: str) -> str | None:
        """A country of the article that a demonym is formed from ("Drevnian" -> "Drevnia")."""
        low = word.lower().strip()
        if not low.endswith(("an", "ian", "ese", "ish", "i")) or " " in low:
            return None
        for cluster in self.index.clusters.values():
            if cluster.type == "person" or not cluster.names:
                continue
            name = cluster.names[0]
            stem = name.lower()
            for end in ("ia", "a", "e", "y", "o"):
                if stem.endswith(end) and len(stem) - len(end) >= 3:
                    stem = stem[: -len(end)]
                    break
            if len(stem) >= 3 and low.startswith(stem) and len(low) - len(stem) <= 4:
                return name
        return None

    def antecedent(self, pron: Token) -> str | None:
        """The actor a pronoun refers to: subjects first, nearest sentence first."""
        low = pron.lower_
        if low in ("he", "she", "i", "him", "her"):
            want = {"person"}
        elif low in ("it", "which"):
            want = {"organization", "country"}
        else:
            want = {"organization", "country", "group", "person"}
        gender = "m" if low in _MALE_PRONOUNS else "f" if low in _FEMALE_PRONOUNS else None
        if low == "i" and pron.i in self.quote_tokens:
            return None
        k = self.sent_of(pron.i)
        lo = self.sent_starts[max(0, k - MAX_ANTECEDENT_SENTENCES)]
        hi = bisect_right(self.antecedents, (pron.i, "", False))
        j = hi
        by_sent: dict[int, list[tuple[int, str, bool]]] = {}
        while j > 0:
            j -= 1
            pos, key, is_subj = self.antecedents[j]
            if pos < lo:
                break
            if pos >= pron.i:
                continue
            by_sent.setdefault(self.sent_of(pos), []).append((pos, key, is_subj))
        for s in sorted(by_sent, reverse=True):
            cands = by_sent[s]
            ordered = [c for c in cands if c[2]] + [c for c in cands if not c[2]]
            for _, key, _ in ordered:
                cluster = self.index.clusters.get(key)
                if cluster is None or cluster.type not in want:
                    continue
                if low == "they" and cluster.type == "person":
                    continue
                if gender and cluster.gender and cluster.gender != gender:
                    continue
                if gender and cluster.gender is None:
                    cluster.gender = gender
                return key
        return None

    def role(self, speaker: Span) -> str | None:
        """The actor a role description names ("the envoy", "the Ukrainian president")."""
        root = speaker.root
        head = root.lemma_.lower()
        if root.lower_ in GROUP_NOUNS or head in GROUP_NOUNS:
            # "a spokesman for her ministry": the body named after the preposition
            for prep in root.rights:
                if prep.dep_ == "prep" and prep.lower_ in _GROUP_PREPS:
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ == "NOUN":
                        key = self.role(self.doc[pobj.left_edge.i:pobj.i + 1])
                        if key is not None:
                            return key
        if root.pos_ == "NOUN" and head not in PERSON_ROLE_NOUNS:
            # "the ministry", "the council": the latest organization whose name holds the noun
            forms = {head, root.lower_}
            for pos, key, _ in reversed(self.antecedents):
                if pos >= root.i:
                    continue
                cluster = self.index.clusters.get(key)
                if cluster is None or cluster.type != "organization":
                    continue
                if any(forms & set(n.lower().split()) for n in cluster.names):
                    return key
            if head == "ministry":
                key = self.ministry_of(root)
                if key is not None:
                    return key
        mods = [t.lower_ for t in speaker if t.i != root.i and t.dep_ in ("amod", "compound", "nmod")
                and not t.is_stop]
        best = None
        for pos, key, _ in reversed(self.antecedents):
            if pos >= root.i:
                continue
            cluster = self.index.clusters.get(key)
            if cluster is None:
                continue
            roles = " ".join(cluster.roles).lower().replace("-", " ")
            if head in roles.split() or (head + "s") in roles.split():
                if all(_mod_in(m, roles) for m in mods):
                    best = key
                    break
        if best is not None:
            return best
        if head in MEDIA_NOUNS:
            for pos, key, _ in reversed(self.antecedents):
                cluster = self.index.clusters.get(key)
                if pos < root.i and cluster is not None and cluster.type == "organization":
                    return key
        if head in PERSON_ROLE_NOUNS and root.tag_ == "NN" and any(t.lower_ == "the" for t in speaker):
            for pos, key, is_subj in reversed(self.antecedents):
                cluster = self.index.clusters.get(key)
                if pos < root.i and is_subj and cluster is not None and cluster.type == "person":
                    if self.sent_of(root.i) - self.sent_of(pos) <= 3:
                        return key
                    break
        return None

    # ---- output ----------------------------------------------------------------------------
    def store(self) -> None:
        doc = self.doc
        countries = {actor_key(c) for c in CAPITALS.values()} | {actor_key(c) for c in DEMONYMS.values()}
        actors = {}
        mentions = []
        for key, cluster in self.index.clusters.items():
            if cluster.type == "country" and key not in countries and key not in self.speakers:
                continue
            actors[key] = {"name": cluster.name, "type": cluster.type, "roles": list(cluster.roles),
                           "aliases": list(cluster.aliases)}
            for start, end, text, kind in cluster.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                span._.sm_actor = key
                span._.sm_kind = kind
                mentions.append(span)
        doc.spans[MENTIONS_KEY] = sorted(mentions, key=lambda s: (s.start, s.end))
        doc._.sm_actors = actors


def _extend_particles(ent: Span) -> Span:
    """ "Ursula von der" + "Leyen": a name the NER cut after a surname particle."""
    doc = ent.doc
    end = ent.end
    while end < len(doc) and doc[end - 1].lower_ in SURNAME_PARTICLES and doc[end].is_title:
        end += 1
    if end == ent.end:
        return ent
    return Span(doc, ent.start, end, label=ent.label_)


def _mod_in(mod: str, roles: str) -> bool:
    if mod in roles:
        return True
    country = DEMONYMS.get(mod)
    return bool(country and country.lower() in roles)
