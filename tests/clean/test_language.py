import pytest

from stancemap.clean import clean_article
from stancemap.clean.language import detect_language
from stancemap.model import RawArticle


@pytest.mark.parametrize("text,code", [
    ("The minister said on Monday that membership was not realistic for now, citing the war.", "en"),
    ("Der Minister sagte am Montag, der Beitritt sei derzeit nicht realistisch, und verwies auf den Krieg.", "de"),
    ("Le ministre a déclaré lundi que l'adhésion n'était pas réaliste pour le moment, à cause de la guerre.", "fr"),
    ("Ok.", None),
    ("", None),
])
def test_language_detected_from_text(text, code):
    assert detect_language(text) == code


def test_language_stated_by_the_source_wins():
    text = "Der Minister sagte am Montag, der Beitritt sei derzeit nicht realistisch, und verwies auf den Krieg."
    assert clean_article(RawArticle(source="a", path="a", text=text)).language == "de"
    assert clean_article(RawArticle(source="a", path="a", text=text, language="lb")).language == "lb"
