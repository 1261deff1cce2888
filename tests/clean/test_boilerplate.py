"""The learned boilerplate line model: its features, the shipped file, and what it does to texts."""

from __future__ import annotations

import json
from importlib import resources

from stancemap.clean import clean_article
from stancemap.clean.boilerplate import META_FILE, WEIGHTS_PACKAGE, load_model, shape_reason
from stancemap.clean.features import FEATURE_NAMES, STAGE2_FEATURE_NAMES, line_features, score_features
from stancemap.clean.lines import split_lines
from stancemap.clean.metadata import read_relative_stamp
from stancemap.model import RawArticle

BODY = [
    "The regional council voted on Tuesday to delay the harbour expansion until an independent review of "
    "its costs is finished, a decision that surprised both supporters and critics of the plan.",
    "Council leader Mara Quist said the review would take about six months and that the delay was the "
    "responsible choice for taxpayers who had been promised a fixed budget from the start.",
    "Opponents, who have campaigned against the expansion for three years, welcomed the vote but said they "
    "would keep pressing for the project to be scrapped altogether before construction begins.",
    "The harbour authority said in a statement that it respected the council's decision and would cooperate "
    "fully with the reviewers, while warning that a long delay could raise the final cost.",
]
MENU = ["Home", "News", "Sport", "Business", "Culture", "Opinion", "Weather", "Podcasts", "Sign in", "Subscribe"]
FOOTER = ["About us", "Contact", "Careers", "Privacy policy", "Terms of use", "© 2026 Harbour Gazette"]


def _clean(text: str, **kwargs):
    return clean_article(RawArticle(source="t.txt", path="t.txt", text=text, **kwargs))


def test_feature_rows_match_the_names():
    lines = split_lines("\n".join(MENU + BODY + FOOTER))
    rows = line_features(lines, line_rules={}, page_rules={}, context_rules={}, extracted=False)
    assert len(rows) == len(lines)
    assert all(len(row) == len(FEATURE_NAMES) for row in rows)
    rows2 = score_features(lines, rows, [0.5] * len(lines))
    assert all(len(row) == len(STAGE2_FEATURE_NAMES) for row in rows2)


def test_shipped_model_matches_the_features_of_this_version():
    meta = json.loads((resources.files(WEIGHTS_PACKAGE) / META_FILE).read_text(encoding="utf-8"))
    assert tuple(meta["feature_names"]) == STAGE2_FEATURE_NAMES
    assert 0.0 < meta["threshold"] < 1.0
    model = load_model()
    lines = split_lines("\n".join(BODY))
    scores = model.noise_scores(lines, line_rules={}, page_rules={}, context_rules={}, extracted=False)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_whole_page_keeps_the_article_and_drops_the_furniture():
    headline = "Council delays harbour expansion pending cost review"
    text = "\n".join(MENU + [headline] + BODY + ["Related stories", "Ferry fares to rise in spring",
                                                 "New mayor sworn in at city hall"] + FOOTER)
    article = _clean(text)
    assert article.title == headline
    for paragraph in BODY:
        assert paragraph in article.body
    removed = {r.text: r.reason for r in article.removed_lines}
    for line in MENU + FOOTER:
        assert line in removed, line
    assert all(reason for reason in removed.values())


def test_excerpt_with_a_few_furniture_lines():
    text = "\n".join(["Politics", "Council delays harbour expansion pending cost review", "By Jo Marsh and Lee Park",
                      "Listen to this article", BODY[0], "Advertisement", BODY[1], BODY[2][:90]])
    article = _clean(text)
    assert BODY[0] in article.body and BODY[1] in article.body
    removed = {r.text for r in article.removed_lines}
    assert {"Listen to this article", "Advertisement", "By Jo Marsh and Lee Park"} <= removed


def test_interview_speaker_labels_stay_in_the_body():
    labels = ["JANE MORROW, DIRECTOR AT THE HARBOUR TRUST", "PAUL ENDE, CHAIR OF THE FERRY UNION"]
    text = "\n".join([
        "Council delays harbour expansion pending cost review", BODY[0],
        labels[0], "\u201cWe asked for this review a year ago, and we are glad the council finally listened to "
        "the people who live and work along the harbour every single day.\u201d",
        labels[1], "\u201cOur members want certainty. A six-month delay is acceptable if it ends with a plan "
        "that protects the ferry routes and the jobs that depend on them.\u201d",
        BODY[1],
    ])
    article = _clean(text)
    for label in labels:
        assert label in article.body


def test_shape_reasons():
    lines = split_lines("\n".join(["Trump, Greenland, Denmark, Arctic", "Photo: Jane Roe/Getty Images", "Menu",
                                   "Sign up for our morning newsletter"]))
    assert shape_reason(lines, 0) == "tag-list"
    assert shape_reason(lines, 1) == "caption-credit"
    assert shape_reason(lines, 2) == "navigation"
    assert shape_reason(lines, 3) == "promo"


def test_relative_stamps_need_a_reference_date():
    assert read_relative_stamp("Updated 2 hours ago", "2026-03-14").date == "2026-03-14"
    assert read_relative_stamp("3 days ago", "2026-03-14").date == "2026-03-11"
    assert read_relative_stamp("a week ago", "2026-03-14").date == "2026-03-07"
    assert read_relative_stamp("He left 3 days ago for Oslo.", "2026-03-14") is None
    text = "\n".join(["Council delays harbour expansion pending cost review", "Posted 3 days ago"] + BODY)
    assert _clean(text).published is None
    assert _clean(text, fetched="2026-03-14").published == "2026-03-11"


def test_published_line_kept_or_removed_still_gives_the_date():
    text = "\n".join(["Council delays harbour expansion pending cost review", "Published: 14 March 2026, 09:12"]
                     + BODY)
    assert _clean(text).published == "2026-03-14"


def test_no_stated_date_is_a_clear_null():
    text = "\n".join(["Council delays harbour expansion pending cost review"] + BODY)
    assert _clean(text).published is None
