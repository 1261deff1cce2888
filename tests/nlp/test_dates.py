import pytest

from stancemap.nlp.dates import resolve_date

PUB = "2025-08-17"  # a Sunday


@pytest.mark.parametrize("phrase,published,expected", [
    ("on Sunday", PUB, ("2025-08-17", "day")),
    ("Sunday morning", PUB, ("2025-08-17", "day")),
    ("on Friday", PUB, ("2025-08-15", "day")),
    ("last Sunday", PUB, ("2025-08-10", "day")),
    ("next Monday", PUB, ("2025-08-18", "day")),
    ("yesterday", PUB, ("2025-08-16", "day")),
    ("today", PUB, ("2025-08-17", "day")),
    ("On February 12", "2025-03-22", ("2025-02-12", "day")),
    ("Feb. 12, 2024", None, ("2024-02-12", "day")),
    ("12 February 2024", None, ("2024-02-12", "day")),
    ("on December 20", "2025-03-22", ("2024-12-20", "day")),  # most recent one before publication
    ("In March", "2025-03-22", ("2025-03", "month")),
    ("in October", "2025-03-22", ("2024-10", "month")),
    ("in October 2024", None, ("2024-10", "month")),
    ("late 2022", None, ("2022", "year")),
    ("last week", PUB, ("2025-08-04", "week")),
    ("last month", PUB, ("2025-07", "month")),
    ("last year", PUB, ("2024", "year")),
    ("three days ago", PUB, ("2025-08-14", "day")),
    ("2025-02-12", None, ("2025-02-12", "day")),
    # nothing anchors these
    ("on Sunday", None, (None, None)),
    ("In March", None, (None, None)),
    ("recently", PUB, (None, None)),
    ("the same day", PUB, (None, None)),
])
def test_dates_resolve_table(phrase, published, expected):
    assert resolve_date(phrase, published) == expected


def test_dates_same_day_takes_previous_statement_date():
    assert resolve_date("the same day", PUB, previous=("2025-02-12", "day")) == ("2025-02-12", "day")


def test_dates_future_weekday_points_forward():
    assert resolve_date("on Monday", PUB, future=True) == ("2025-08-18", "day")


def test_dates_bad_day_of_month_is_none():
    assert resolve_date("February 30", PUB) == (None, None)
