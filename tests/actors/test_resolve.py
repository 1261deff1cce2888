from stancemap.actors.resolve import ActorIndex


def _index(mentions):
    index = ActorIndex()
    pos = 0
    keys = []
    for text, label in mentions:
        keys.append(index.add_name(text, pos, pos + len(text), label))
        pos += len(text) + 1
    index.merge_surnames()
    return index, keys


def test_resolve_surname_and_full_name_are_one_actor():
    index, keys = _index([("Volodymyr Zelensky", "PERSON"), ("Zelensky", "PERSON"), ("Zelenskyy", "PERSON")])
    assert len(set(keys)) == 1
    cluster = index.clusters[keys[0]]
    assert cluster.name == "Volodymyr Zelensky"
    assert set(cluster.aliases) == {"Volodymyr Zelensky", "Zelensky", "Zelenskyy"}


def test_resolve_surname_before_full_name_merges():
    index, _ = _index([("Schiff", "ORG"), ("Adam Schiff", "PERSON")])
    people = [c for c in index.clusters.values() if c.type == "person"]
    assert len(index.clusters) == 1 and people[0].name == "Adam Schiff"


def test_resolve_titles_become_roles():
    index, keys = _index([("US Defense Secretary Pete Hegseth", "PERSON"), ("Hegseth", "PERSON")])
    cluster = index.clusters[keys[0]]
    assert keys[0] == keys[1]
    assert cluster.name == "Pete Hegseth"
    assert "US Defense Secretary" in cluster.roles


def test_resolve_first_name_only_joins_unique_person():
    index, keys = _index([("Melanie Austin", "PERSON"), ("Melanie", "PERSON")])
    assert keys[0] == keys[1]


def test_resolve_canonical_name_is_the_name_as_written():
    index, keys = _index([("Vladimir Zelensky", "PERSON")])
    assert index.clusters[keys[0]].name == "Vladimir Zelensky"


def test_resolve_countries_and_organizations_keep_their_type():
    index, keys = _index([("Russia", "GPE"), ("NATO", "ORG"), ("the United States", "GPE"), ("U.S.", "GPE")])
    assert index.clusters[keys[0]].type == "country"
    assert index.clusters[keys[1]].type == "organization"
    assert keys[2] == keys[3]
    assert index.clusters[keys[2]].name == "United States"


def test_resolve_find_returns_cluster_of_overlapping_mention():
    index, keys = _index([("Mark Rutte", "PERSON")])
    assert index.find(0, 4) == keys[0]
    assert index.find(100, 104) is None


def test_resolve_org_word_keeps_ner_person_an_organization():
    index, keys = _index([("Northern Gas Consortium", "PERSON")])
    assert index.clusters[keys[0]].type == "organization"


def test_resolve_person_of_organization_is_the_person():
    index, keys = _index([("Jane Porter of Greenpeace", "PERSON"), ("Porter", "PERSON")])
    assert keys[0] == keys[1]
    assert index.clusters[keys[0]].name == "Jane Porter"
