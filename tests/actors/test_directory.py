import pytest

from stancemap.actors import actor_id
from stancemap.actors.directory import ActorsFileError, load_actors_file
from stancemap.model import Actor, Mention, Quote, Stance

GOOD = """
actors:
  - name: Lena Ortiz-Vidal
    aliases: [Lena Ortiz, the mayor]
    type: person
    roles: [Mayor of Riverton]
    wikidata: Q42
  - name: Riverton Transit Authority
    aliases: [RTA]
    type: organization
"""


def _write(tmp_path, text):
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _actor(name, start):
    return Actor(id=actor_id(name), name=name, type="person", aliases=(name,),
                 mentions=(Mention(text=name, start=start, end=start + len(name)),))


def test_directory_loads_entries(tmp_path):
    directory = load_actors_file(_write(tmp_path, GOOD))
    assert [a.name for a in directory.actors] == ["Lena Ortiz-Vidal", "Riverton Transit Authority"]
    assert directory.lookup("Lena Ortiz").wikidata == "Q42"
    assert directory.lookup("rta").type == "organization"
    assert directory.lookup("Somebody Else") is None


@pytest.mark.parametrize("text,message", [
    ("actors: [", "not valid YAML at line"),
    ("people: []", "'actors:' list"),
    ("actors: []", "non-empty list"),
    ("actors:\n  - just a string", "actor 1"),
    ("actors:\n  - aliases: [X]", "missing 'name'"),
    ("actors:\n  - name: A B\n    alias: [X]", "unknown key(s) 'alias'"),
    ("actors:\n  - name: A B\n    type: robot", "'type' must be one of"),
    ("actors:\n  - name: A B\n    wikidata: 42", "like Q3874799"),
    ("actors:\n  - name: A B\n    aliases: [1, 2]", "list of non-empty strings"),
    ("actors:\n  - name: Ann Lee\n    aliases: [AL]\n  - name: Bo Ray\n    aliases: [al]",
     "can belong to one actor only"),
])
def test_directory_errors_name_file_entry_and_fix(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ActorsFileError) as info:
        load_actors_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_directory_renames_and_merges_inferred_actors(tmp_path):
    directory = load_actors_file(_write(tmp_path, GOOD))
    ortiz, other, stranger = _actor("Lena Ortiz", 0), _actor("Ortiz-Vidal", 50), _actor("Sam Hill", 90)
    other = Actor(id=other.id, name="Lena Ortiz-Vidal", type="person", aliases=("Ortiz-Vidal",),
                  mentions=other.mentions)
    quotes = tuple(
        Quote(id=f"q{i}", article_id="a", type="direct", text="x", start=i, end=i + 1,
              speaker=actor.name, actor_id=actor.id)
        for i, actor in enumerate((ortiz, other, stranger)))
    actors, quotes = directory.apply((ortiz, other, stranger), quotes)
    by_name = {a.name: a for a in actors}
    assert set(by_name) == {"Lena Ortiz-Vidal", "Sam Hill"}
    merged = by_name["Lena Ortiz-Vidal"]
    assert merged.id == actor_id("Lena Ortiz-Vidal")
    assert len(merged.mentions) == 2
    assert "Mayor of Riverton" in merged.roles
    assert [q.speaker for q in quotes] == ["Lena Ortiz-Vidal", "Lena Ortiz-Vidal", "Sam Hill"]
    assert quotes[0].actor_id == quotes[1].actor_id == merged.id


def test_directory_maps_stance_holders_and_dedupes(tmp_path):
    directory = load_actors_file(_write(tmp_path, GOOD))
    stances = [Stance(id=f"s{i}", article_id="a", actor=name, actor_id=actor_id(name), proposition="p",
                      polarity="support", evidence="e", confidence=c)
               for i, (name, c) in enumerate((("RTA", 0.5), ("Riverton Transit Authority", 0.9)))]
    [stance] = directory.apply_stances(stances)
    assert stance.actor == "Riverton Transit Authority" and stance.confidence == 0.9


DISTINCT = """
actors:
  - name: Mikhail Toporov
    roles: [Mayor of Sarnholm]
distinct:
  - [Mikhail Toporov, Michael Toporov]
"""


def test_directory_distinct_names_key_apart(tmp_path):
    from stancemap.actors.keys import actor_key

    directory = load_actors_file(_write(tmp_path, DISTINCT))
    assert actor_key("Mikhail Toporov") == actor_key("Michael Toporov")  # folded by default
    assert directory.distinct == (("Mikhail Toporov", "Michael Toporov"),)
    assert directory.lookup("Mayor Mikhail Toporov").name == "Mikhail Toporov"
    assert directory.lookup("Michael Toporov") is None  # kept apart from the entry
    assert directory.actors[0].id != actor_id("Mikhail Toporov")
    only_distinct = load_actors_file(_write(tmp_path, "distinct:\n  - [Steve Witkoff, Stephen Witkoff]\n"))
    assert only_distinct.actors == () and only_distinct.member("Envoy Stephen Witkoff's") == "Stephen Witkoff"
    assert only_distinct.fingerprint != load_actors_file(
        _write(tmp_path, "distinct:\n  - [Steve Witkoff, Steven Witkoff]\n")).fingerprint


def test_directory_distinct_splits_a_merged_actor(tmp_path):
    directory = load_actors_file(_write(tmp_path, DISTINCT))
    mentions = (Mention(text="Mikhail Toporov", start=0, end=15), Mention(text="he", start=40, end=42, kind="pronoun"),
                Mention(text="Michael Toporov", start=100, end=115), Mention(text="Toporov", start=160, end=167))
    merged = Actor(id=actor_id("Mikhail Toporov"), name="Mikhail Toporov", type="person",
                   aliases=("Mikhail Toporov", "Michael Toporov", "Toporov"), roles=("a shipping executive",),
                   mentions=mentions)
    quotes = tuple(Quote(id=f"q{i}", article_id="a", type="indirect", text="x", start=start, end=start + 5,
                         speaker="Mikhail Toporov", actor_id=merged.id, speaker_mention=said)
                   for i, (start, said) in enumerate(((20, "Mikhail Toporov"), (45, "he"), (5, "Michael Toporov"),
                                                      (170, "Toporov"))))
    actors, quotes = directory.apply((merged,), quotes)
    by_name = {a.name: a for a in actors}
    assert set(by_name) == {"Mikhail Toporov", "Michael Toporov"}
    mikhail, michael = by_name["Mikhail Toporov"], by_name["Michael Toporov"]
    assert mikhail.id != michael.id
    assert [m.text for m in mikhail.mentions] == ["Mikhail Toporov", "he"]
    assert [m.text for m in michael.mentions] == ["Michael Toporov", "Toporov"]
    assert "Mayor of Sarnholm" in mikhail.roles and michael.roles == ()  # the unplaced role is dropped
    assert [q.speaker for q in quotes] == ["Mikhail Toporov", "Mikhail Toporov", "Michael Toporov",
                                           "Michael Toporov"]
    assert [q.actor_id for q in quotes] == [mikhail.id, mikhail.id, michael.id, michael.id]


@pytest.mark.parametrize("text,message", [
    ("distinct: [Steve Witkoff]", "distinct group 1"),
    ("distinct:\n  - [Steve Witkoff]", "two or more names"),
    ("distinct:\n  - [Steve Witkoff, Envoy Steve Witkoff]", "one spelling"),
    ("distinct:\n  - [Ann Lee, Anne Lee]\n  - [Ann Lee, Annie Lee]", "one group only"),
    ("distinct: {a: b}", "'distinct' must be a list"),
    ("actors:\n  - name: Ann Lee\n    aliases: [Anne Lee]\ndistinct:\n  - [Ann Lee, Anne Lee]", "keep one of them"),
    ("actor: []\ndistinct: []", "unknown key(s) 'actor'"),
])
def test_directory_distinct_errors(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ActorsFileError) as info:
        load_actors_file(path)
    assert str(path) in str(info.value) and message in str(info.value)
