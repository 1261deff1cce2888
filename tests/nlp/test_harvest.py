import pytest

from stancemap.actors import actor_id
from stancemap.errors import ModelError
from stancemap.model import CleanArticle, Segment, content_id
from stancemap.nlp import build_nlp, harvest

HEADLINE = "Witkoff says Article 5 protection could be part of deal"
BODY = ("U.S. Special Envoy Steve Witkoff said on Sunday that Russia agreed to allow security guarantees. "
        "\u201cWe were able to win the following concession,\u201d he told CNN on Sunday morning.\n\n"
        "On February 12, US Defense Secretary Pete Hegseth said that membership was not realistic. "
        "\u201cI agree with that,\u201d Donald Trump said the same day.\n\n"
        "Witkoff said the logistics will be discussed on Monday.")


def _article(published="2025-08-17", prefix="NOISE LINE\n"):
    """A cleaned article whose text sits ``len(prefix)`` characters into the raw text."""
    text = HEADLINE + "\n\n" + BODY
    raw = prefix + text
    return CleanArticle(id=content_id(raw), source="a.txt", path="a.txt", format="text", raw_text=raw,
                        text=text, segments=(Segment(start=0, raw_start=len(prefix), length=len(text)),),
                        body_start=len(HEADLINE) + 2, published=published)


def test_build_nlp_unknown_model_raises_model_error():
    with pytest.raises(ModelError, match="no_such_pipeline_xyz.*install"):
        build_nlp("no_such_pipeline_xyz")


@pytest.mark.model
def test_build_nlp_adds_components(nlp):
    for name in ("stancemap_paragraphs", "stancemap_quotes", "stancemap_speakers", "stancemap_dates"):
        assert name in nlp.pipe_names
    assert nlp.pipe_names.index("stancemap_paragraphs") < nlp.pipe_names.index("parser")


@pytest.mark.model
def test_harvest_quotes_have_ids_offsets_and_raw_speaker_spans(nlp):
    article = _article()
    actors, quotes = harvest(nlp(article.text), article)
    assert quotes, "no quotes found"
    for q in quotes:
        assert q.id == content_id(article.id, q.start, q.end)
        assert q.article_id == article.id
        assert q.method == "quotes.rules.v1"
        if len(q.text) == q.end - q.start:
            assert article.text[q.start:q.end] == q.text
        if q.speaker_span is not None:
            s, e = q.speaker_span
            assert article.raw_text[s:e] == q.speaker_mention
        if q.speaker is not None:
            assert q.actor_id == actor_id(q.speaker)
        assert q.cue and article.text[q.cue_span[0]:q.cue_span[1]] == q.cue
        assert q.evidence and q.evidence in article.text


@pytest.mark.model
def test_harvest_headline_quote_and_pronoun_speaker(nlp):
    article = _article()
    _, quotes = harvest(nlp(article.text), article)
    by_text = {q.text: q for q in quotes}
    head = by_text["Article 5 protection could be part of deal"]
    assert (head.type, head.speaker, head.cue) == ("indirect", "Steve Witkoff", "says")
    direct = by_text["We were able to win the following concession"]
    assert (direct.type, direct.speaker, direct.speaker_mention) == ("direct", "Steve Witkoff", "he")


@pytest.mark.model
@pytest.mark.parametrize("text,date,granularity", [
    ("Russia agreed to allow security guarantees", "2025-08-17", "day"),  # "on Sunday"
    ("We were able to win the following concession", "2025-08-17", "day"),  # "on Sunday morning"
    ("membership was not realistic", "2025-02-12", "day"),  # "On February 12"
    ("I agree with that", "2025-02-12", "day"),  # "the same day"
    ("the logistics will be discussed on Monday", None, None),  # the date is inside the content
])
def test_harvest_statement_dates(nlp, text, date, granularity):
    article = _article()
    _, quotes = harvest(nlp(article.text), article)
    [q] = [q for q in quotes if q.text == text]
    assert (q.date, q.date_granularity) == (date, granularity)


@pytest.mark.model
def test_harvest_no_publication_date_means_no_relative_dates(nlp):
    article = _article(published=None)
    _, quotes = harvest(nlp(article.text), article)
    # "on Sunday", "On February 12" (no year) and "the same day" all need the publication date
    assert {q.text: q.date for q in quotes if q.date} == {}


@pytest.mark.model
def test_harvest_actors_one_identity_with_roles_and_mentions(nlp):
    article = _article()
    actors, _ = harvest(nlp(article.text), article)
    by_name = {a.name: a for a in actors}
    witkoff = by_name["Steve Witkoff"]
    assert witkoff.type == "person"
    assert witkoff.id == actor_id("Steve Witkoff")
    assert {"Witkoff", "Steve Witkoff"} <= set(witkoff.aliases)
    assert any("Special Envoy" in r for r in witkoff.roles)
    kinds = {m.kind for m in witkoff.mentions}
    assert {"name", "pronoun"} <= kinds
    for m in witkoff.mentions:
        assert article.text[m.start:m.end] == m.text
    assert by_name["Pete Hegseth"].roles and "Defense Secretary" in by_name["Pete Hegseth"].roles[0]


@pytest.mark.model
def test_harvest_repeated_paragraph_quote_kept_once(nlp):
    para = "\u201cWe will not give up our land,\u201d Zelensky said."
    text = para + "\n\n" + para
    article = CleanArticle(id="x", source="x", path="x", format="text", raw_text=text, text=text,
                           segments=(Segment(start=0, raw_start=0, length=len(text)),))
    _, quotes = harvest(nlp(text), article)
    assert len(quotes) == 1
