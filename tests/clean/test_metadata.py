"""Metadata lines: date stamps, headlines, bylines, outlets."""

from __future__ import annotations

import pytest

from stancemap.clean.metadata import (
    DateStamp,
    is_date_line,
    is_headline_shaped,
    is_names_line,
    parse_date,
    pick_published,
    read_bio_name,
    read_byline,
    read_date_stamp,
    read_logo_outlet,
    read_dateline_agency,
    read_self_promo_outlet,
    read_sign_off,
    same_title,
    split_date_marker,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-22", "2025-03-22"),
        ("2025-03-22T09:15:00Z", "2025-03-22"),
        ("March 14, 2026", "2026-03-14"),
        ("Mar. 4 2026", "2026-03-04"),
        ("14 March 2026", "2026-03-14"),
        ("1st of May, 2024", "2024-05-01"),
        ("14.03.2026", "2026-03-14"),
        ("03/14/2026", "2026-03-14"),
        ("2025-02-30", None),  # no such day
        ("March 14", None),  # no year
        ("2 hours ago", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published March 14, 2026", DateStamp("2026-03-14", "published")),
        ("14 March 2026 | 09:12", DateStamp("2026-03-14", "")),
        ("Updated: Mon 17 Aug 2025 14.30 BST", DateStamp("2025-08-17", "updated")),
        ("Posted on March 3, 2026 at 9:12 a.m. ET", DateStamp("2026-03-03", "published")),
        ("Published March 3, 2026 | Updated March 4, 2026", DateStamp("2026-03-03", "published")),
        ("Kyiv bureau | Updated: 19 November 2025, 09:01 AM", DateStamp("2025-11-19", "updated")),
        ("5:45 AM PST 11/19/2025 by Jane Roe", DateStamp("2025-11-19", "")),
        # not stamps: sentences and ranges that contain dates
        ("The summit was held on March 3, 2026.", None),
        ("March 3, 2026: Russia and Ukraine agree to talks", None),
        ("29 November 2025 | 20 January 2026", None),
        ("Updated 2 hours ago", None),
    ],
)
def test_read_date_stamp(line: str, expected: DateStamp | None) -> None:
    assert read_date_stamp(line) == expected


def test_is_date_line_knows_relative_stamps() -> None:
    assert is_date_line("Updated 2 hours ago")
    assert is_date_line("Updated at 1:23 p.m.")
    assert not is_date_line("The vote is at 1:23 p.m. on Friday, officials said.")


def test_pick_published_prefers_published_then_bare_then_updated() -> None:
    stamps = [DateStamp("2026-03-05", "updated"), DateStamp("2026-03-04", ""), DateStamp("2026-03-03", "published")]
    assert pick_published(stamps) == "2026-03-03"
    assert pick_published(stamps[:2]) == "2026-03-04"
    assert pick_published(stamps[:1]) == "2026-03-05"
    assert pick_published([]) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("date 2025-03-22 The minister said", ("2025-03-22", 16)),
        ("2025-03-22 The minister said", ("2025-03-22", 11)),
        ("Published: 2025-03-22 Text", ("2025-03-22", 22)),
        ("The minister said on 2025-03-22", None),
        ("date 2025-13-22 Text", None),
    ],
)
def test_split_date_marker(line: str, expected: tuple[str, int] | None) -> None:
    assert split_date_marker(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Envoy says security guarantees could be part of a deal", True),
        ("Blow to Kyiv As Alliance Shows No Sign of Endorsing Membership", True),
        ("Ministers Agree To Meet Again After Talks Collapse.", True),  # Title Case with a period
        ("Will the alliance ever admit Kyiv?", True),
        ("The minister said on Tuesday that talks would resume next week in Brussels.", False),
        ("According to officials:", False),
        ("Word", False),
        (" ".join(["word"] * 40), False),
    ],
)
def test_is_headline_shaped(line: str, expected: bool) -> None:
    assert is_headline_shaped(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("BY JANE ROE", "JANE ROE"),
        ("By Jane Roe and John Doe | March 3, 2026", "Jane Roe and John Doe"),
        ("By Jane Roe, Senior Correspondent", "Jane Roe"),
        ("By Jean-Luc de la Roche in Paris", "Jean-Luc de la Roche"),
        ("By Monday, the talks had collapsed", None),
        ("By contrast, the minister said", None),
        ("By then it was too late for the delegation to leave.", None),
        ("Byline missing", None),
    ],
)
def test_read_byline(line: str, expected: str | None) -> None:
    assert read_byline(line) == expected


def test_read_sign_off() -> None:
    assert read_sign_off("Jane Roe for Daily Bugle News") == ("Jane Roe", "Daily Bugle News")
    assert read_sign_off("Support for Ukraine") is None
    assert read_sign_off("Jane Roe for Daily Bugle News said the plan was flawed and would fail.") is None


def test_read_outlets() -> None:
    assert read_logo_outlet("Daily Bugle Logo") == "Daily Bugle"
    assert read_logo_outlet("Site logo") is None
    assert read_self_promo_outlet("Daily Bugle is committed to journalism that's factual and fair.") == "Daily Bugle"
    assert read_self_promo_outlet("The minister is committed to peace.") is None
    assert read_self_promo_outlet("The Daily Lamp is reader-funded. Support us.") == "The Daily Lamp"
    assert read_dateline_agency("WASHINGTON (Reuters) - The Senate voted on Tuesday.") == "Reuters"
    assert read_dateline_agency("OSLO, March 3 (NTB) – Talks resumed.") == "NTB"
    assert read_dateline_agency("The minister (Labour) said - nothing.") is None


def test_read_bio_name() -> None:
    assert read_bio_name("Jane Roe is a Daily Bugle reporter based in Oslo.") == "Jane Roe"
    assert read_bio_name("the reporter is based in Oslo.") is None


def test_same_title() -> None:
    assert same_title("Envoy says deal is close", "Envoy Says Deal Is Close | Daily Bugle")
    assert same_title("Envoy says deal is close", "envoy says deal is close!")
    assert not same_title("Envoy says deal is close", "Minister resigns")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Roe and John Doe", True),
        ("Jane Roe, John Doe & Ann Lee", True),
        ("Jane Roe Jane Roe", True),
        ("Jane Roe", False),
        ("Trump And Putin Meet Again", False),
        ("Denmark and Greenland", False),
        ("Jane Roe and John Doe met on Monday.", False),
    ],
)
def test_is_names_line(line: str, expected: bool) -> None:
    assert is_names_line(line) is expected
