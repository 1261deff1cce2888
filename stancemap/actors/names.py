"""Genders of given names, from a public name-gender dataset (``data/given_names.tsv``, built by
``scripts/build_given_names.py`` from nomquamgender, MIT licence).

Used only to keep a gendered pronoun off a name whose bearers are overwhelmingly of the other
gender ("she" after "Donald Trump"); a name the data leaves ambiguous (Kim, Jean, Andrea) or does
not list gives None, and the pronouns of the article decide. Does not handle names in non-Latin
scripts, or people whose gender differs from their name's majority (the article's own pronouns
then correct it: a cluster takes the gender of the first pronoun resolved to it only when the
name gives none).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .keys import _fold, strip_titles


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    text = resources.files(__package__).joinpath("data/given_names.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, gender = line.partition("\t")
            out[name] = gender
    return out


def given_name_gender(name: str) -> str | None:
    """"f" or "m" when the first given name of ``name`` (titles stripped) is clearly gendered in the
    dataset, else None. ``given_name_gender("Chancellor Olaf Scholz") == "m"``."""
    words = strip_titles(name.strip())[1].split()
    if len(words) < 2:
        return None  # a lone word may be a surname ("Kemp") as well as a given name
    return _given_names().get(_fold(words[0]).strip(".,"))
