import pytest

from stancemap.nlp.marks import find_quoted_spans


def _quoted(text):
    spans, dropped = find_quoted_spans(text)
    return [text[s.start:s.end] for s in spans], dropped


@pytest.mark.parametrize("text,expected", [
    ('He said "no deal" today.', ["no deal"]),
    ("He said \u201cno deal\u201d today.", ["no deal"]),
    ("Er sagte \u201eno deal\u201c heute.", ["no deal"]),
    ("Il a dit \u00abno deal\u00bb hier.", ["no deal"]),
    ("He said \u2018no deal\u2019 today.", ["no deal"]),
    ("He said 'no deal' today.", ["no deal"]),
    ("''Their plan is clear,'' he said.", ["Their plan is clear,"]),
    # quotes inside quotes: only the outer one
    ("\u201cI told them: \u2018Shoot them down.\u2019\u201d", ["I told them: \u2018Shoot them down.\u2019"]),
    ('"I told them: \u201cShoot.\u201d Then I left."', ["I told them: \u201cShoot.\u201d Then I left."]),
    # a horizontal bar of attribution right after the closing mark
    ('"We stay."\u2015 Ann Lee\n"We go."\u2015 Bo Ray', ["We stay.", "We go."]),
    # apostrophes are not quotes
    ("It's the voters' choice, isn't it?", []),
    ("In the '90s he said nothing.", []),
])
def test_marks_finds_outer_quotes(text, expected):
    assert _quoted(text)[0] == expected


def test_marks_multi_paragraph_quote_is_one_span():
    text = '"First paragraph of the statement.\n\n"Second paragraph, closing it," she said.'
    quoted, dropped = _quoted(text)
    assert len(quoted) == 1
    assert quoted[0].startswith("First paragraph") and quoted[0].endswith("closing it,")
    assert dropped == {}


def test_marks_unbalanced_mark_costs_one_candidate():
    text = 'He said "this never closes and\n\nLater she said "this one does" and left.'
    quoted, dropped = _quoted(text)
    assert quoted == ["this one does"]
    assert dropped == {"unclosed": 1}


def test_marks_lost_closing_mark_ends_with_its_paragraph():
    text = 'He said: "the closing mark was lost.\n\nThe story goes on here.'
    quoted, dropped = _quoted(text)
    assert quoted == ["the closing mark was lost."]
    assert dropped == {}


def test_marks_quote_cut_by_the_end_of_an_excerpt_is_kept():
    quoted, _ = _quoted('She warned that "if the talks fail, the board will')
    assert quoted == ["if the talks fail, the board will"]


@pytest.mark.parametrize("text", ['He put it this way:\n"If the talks fail, the board will',
                                  'He put it this way:\n"If the talks fail, the board will\n'])
def test_marks_quoted_paragraph_cut_by_the_end_of_an_excerpt_is_kept(text):
    quoted, dropped = _quoted(text)
    assert quoted == ["If the talks fail, the board will"]
    assert dropped == {}


def test_marks_quoted_paragraph_without_closing_mark_is_dropped():
    # a paragraph that opens with a mark and never closes may be another text's passage
    quoted, dropped = _quoted('"The first time she saw him, she knew.\n\nThen she left.')
    assert quoted == []
    assert dropped == {"unclosed": 1}


def test_marks_stray_closing_mark_is_counted_not_fatal():
    text = 'Odd mark" here. Then "a real quote" follows.'
    quoted, dropped = _quoted(text)
    assert quoted == ["a real quote"]
    assert dropped.get("stray closing mark") == 1


def test_marks_offsets_point_at_marks():
    text = 'A "b c" d'
    [span], _ = find_quoted_spans(text)
    assert text[span.open] == '"' and text[span.close - 1] == '"'
    assert (span.start, span.end) == (3, 6)
