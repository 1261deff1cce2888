"""Line rules: what one line alone says, and what its position adds."""

from __future__ import annotations

import pytest

from stancemap.clean.lines import split_lines
from stancemap.clean.noise import classify_line, find_body_span, find_context_noise

BODY = "The alliance said on Tuesday that talks with the government would resume next week in Brussels."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # widgets and furniture
        ("Click to rate this post!", "rating-widget"),
        ("[Total: 3 Average: 4.7]", "rating-widget"),
        ("The Daily Lamp is reader-funded. Support independent local journalism today.", "self-promo"),
        ("This article was translated from Danish by our foreign desk.", "update-note"),
        ("Ferry crews at the pier on Monday. Photo: Ann Lee/Harbour News", "photo-credit"),
        ("The cover of the audit report. Handout via Bay Agency", "photo-credit"),
        ("The mayor speaks in Riverton, March 3, 2026. RNS/Jo Parker", "photo-credit"),
        ("He said the photo: was old, and nobody had asked him about it.", None),
        ("The minister was supported by her party in the vote on Tuesday.", None),
        ("Source link", "source-link"),
        ("Source: News agencies", "source-link"),
        ("Related Posts", "related-posts"),
        ("Read more", "related-posts"),
        ("Most read in world news", "related-posts"),
        ("Related: Minister resigns after vote", "teaser"),
        ("READ MORE: Talks stall again", "teaser"),
        ("1 of 86", "pagination"),
        ("Page 2 of 5", "pagination"),
        ("Next article »", "pagination"),
        ("Jane Roe/AP Photo", "photo-credit"),
        ("Officials meet in the capital on Monday. Jane Roe/AP Photo", "photo-credit"),
        ("Protesters gather outside (Photo by John Doe/Getty Images)", "photo-credit"),
        ("REUTERS/John Doe", "photo-credit"),
        ("Photo: Jane Roe, AP", "photo-credit"),
        ("By Jane Roe", "byline"),
        ("By Jane Roe and John Doe | March 3, 2026", "byline"),
        ("(Reporting by Jane Roe; Editing by John Doe)", "byline"),
        ("Reporting by Jane Roe in Oslo; Editing by John Doe", "byline"),
        ("(Additional reporting by " + ", ".join(["Jane Roe"] * 15) + "; Editing by John Doe)", "byline"),
        ("Don't miss", "subscribe-prompt"),
        ("About the writer", "author-bio"),
        ("Jane Roe is a reporter based in Oslo. ... Read more", "author-bio"),
        ("fairness meter", "rating-widget"),
        ("Click On Meter To Rate This Article", "rating-widget"),
        ("Hold us accountable and submit your rating of this article on the meter.", "rating-widget"),
        ("Daily Bugle is committed to journalism that's factual and fair.", "self-promo"),
        ("Share this article", "share-widget"),
        ("Facebook Twitter Email", "share-widget"),
        ("🎙️ Voice is AI-generated. Inconsistencies may occur.", "ai-voice-notice"),
        ("Listen to this article", "ai-voice-notice"),
        ("5 min read", "reading-time"),
        ("Back to top button", "back-to-top"),
        ("We use cookies to improve your experience.", "cookie-prompt"),
        ("Accept all", "cookie-prompt"),
        ("Subscribe to our daily newsletter", "subscribe-prompt"),
        ("Get the top stories delivered to your inbox.", "subscribe-prompt"),
        ("Follow us on Telegram", "social-follow"),
        ("Daily Bugle Logo", "logo"),
        ("Advertisement", "advertisement"),
        ("© 2026 Daily Bugle. All rights reserved.", "copyright"),
        ("The Associated Press contributed to this report", "contributor-note"),
        ("This story has been updated with comment from the ministry.", "update-note"),
        ("Tags: NATO, Ukraine, Security", "tag-row"),
        ("Donald TrumpFeaturedForeign PolicyNational SecurityNATO", "tag-row"),
        ("Published March 14, 2026", "date-line"),
        ("Updated: 14 March 2026 | 09:12", "date-line"),
        ("Home | World | Europe | Politics", "site-nav"),
        ("Privacy Policy", "site-nav"),
        ("https://example.com/story/123", "link"),
        # body lines that look a little like noise
        (BODY, None),
        ("Ukraine in NATO", None),
        ("By Monday, the talks had collapsed and both delegations had gone home.", None),
        ("By contrast, the minister said the plan was sound.", None),
        ("He said the newsletter he founded in 1998 had been shut down by the authorities last year.", None),
        ("The photo was shared widely on social media, according to Getty Images.", None),
        ("The summit was held on March 3, 2026, in Vilnius.", None),
        ("BlackRock and ExxonMobil declined to comment.", None),
        ("According to Jane Roe, writing for RealClearPolitics:", None),
        ("“We will not accept this,” he said.", None),
        ("Share prices fell by 3 percent on the news.", None),
        ("FACEBOOK.", None),  # a subhead over quoted reader comments, not a button
        ("Research by the institute shows that prices rose sharply last year.", None),
        ("Russia is committed to the talks, the Kremlin said.", None),
        ("Don't miss the point: the deal is fragile, the minister said on Friday.", None),
        ("Experts who contributed to this report said the figures were incomplete.", None),
        ("By Christmas Day, the troops had left the city.", None),
        ("Register of lobbyists shows 40 new entries since the vote.", None),
        ("Copyright law changed in 2019, the court said.", None),
        ("Security guarantees for Kyiv", None),
        ("More than 30 countries signed the declaration.", None),
        # captions, credits and furniture of sites the rules were not written from
        ("Ministers meet in Brussels on Monday. (Photo: Harbour Agency)", "photo-credit"),
        ("FILE - Ferry crews at the pier in Riverton, March 3, 2023.", "photo-caption"),
        ("File sharing rose by 3 percent, the report said.", None),
        ("Ferry crews at the pier on Monday.Jane Roe—Getty Images", "photo-credit"),
        ("Talks ended in Geneva on Monday—AFP", None),
        ("(Originally posted on : Riverton Daily )", "source-link"),
        ("ARTICLE AD BOX", "advertisement"),
        ("The ad slot was sold to a local bakery.", None),
        ("Current Location:Home >> News >> Talks resume in Brussels", "site-nav"),
        ("Home » World » Europe", "site-nav"),
        ("Homeowners say the new rules are unfair.", None),
    ],
)
def test_classify_line(line: str, expected: str | None) -> None:
    assert classify_line(line) == expected


def _context(text: str, headline: int | None = None) -> dict[int, str]:
    lines = split_lines(text)
    noise = {line.index: r for line in lines if (r := classify_line(line.text))}
    return {**noise, **find_context_noise(lines, noise, headline=headline)}


def test_context_caption_above_credit_line() -> None:
    text = f"{BODY}\n\nLeaders at the summit\nLeaders pose for a photo in Vilnius. Jane Roe/AP Photo\n\n{BODY} Again."
    assert _context(text) == {1: "photo-caption", 2: "photo-credit"}


def test_context_caption_needs_adjacency() -> None:
    # a subhead separated from the credit line by a blank line is not its caption
    text = f"{BODY}\n\nTalks resume\n\nJane Roe/AP Photo\n\n{BODY} Again."
    assert _context(text) == {2: "photo-credit"}


def test_context_subhead_in_body_stays() -> None:
    text = f"{BODY}\n\nUkraine in NATO\n\n{BODY} Again.\n\nSecurity Guarantees for Ukraine\n\n{BODY} Third."
    assert _context(text) == {}


def test_context_sign_off_below_body() -> None:
    text = f"{BODY}\n\n{BODY} Again.\n\nJane Roe for Daily Bugle"
    assert _context(text) == {2: "byline"}


def test_context_all_caps_teaser_inside_body() -> None:
    teaser = "MINISTERS AGREE TO MEET AGAIN AFTER TALKS COLLAPSE IN VILNIUS"
    text = f"{BODY}\n\n{teaser}\n\n{BODY} Again.\n\nNATO SUMMIT\n\n{BODY} 3."
    assert _context(text) == {1: "teaser"}


def test_context_about_block_and_footer() -> None:
    text = (
        f"{BODY}\n\n{BODY} Again.\n\nDaily Bugle Logo\n\nMost Popular Today\n\nAbout the writer\n\n"
        "Jane Roe is a senior reporter covering security and defence from Oslo, with ten years at the desk"
    )
    assert _context(text) == {2: "logo", 3: "footer", 4: "author-bio", 5: "author-bio"}


def test_context_list_ending_article_stays() -> None:
    # short lines below the last paragraph stay until a recognised widget starts the footer
    text = f"{BODY}\n\nJune 17 - Oslo Spektrum\nJune 19 - Bergen Arena\n\nShare this article\n\nTop picks"
    assert _context(text) == {3: "share-widget", 4: "footer"}


def test_context_wrapped_sentence_is_not_footer() -> None:
    text = f"{BODY}\n\nShare this article\n\nEditor's note: the minister\nresigned on Friday"
    assert _context(text) == {1: "share-widget"}


def test_context_label_above_headline() -> None:
    text = f"Politics\n\nMinisters agree to meet again after talks\n\n{BODY}"
    assert _context(text, headline=1) == {0: "section-label"}


def test_context_related_block_below_body() -> None:
    text = f"{BODY}\n\nRelated Posts\n\nMinister resigns after vote on budget\n\nTalks stall again in Vilnius"
    assert _context(text) == {1: "related-posts", 2: "related-posts", 3: "related-posts"}


def test_body_span_skips_noise_and_bios() -> None:
    bio = "Jane Roe is a reporter at the Daily Bugle who covers defence."
    lines = split_lines(f"Short title\n\n{BODY}\n\n{BODY} Again.\n\n{bio}")
    assert find_body_span(lines, {}, headline=0) == (1, 2)
    assert find_body_span(split_lines("Just a label"), {}) is None
