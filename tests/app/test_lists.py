"""The app's pages cut in SQL hold exactly what the full lists hold, page by page, with
corrections of every kind in the database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools

from stancemap.app import data
from stancemap.review import Reviewed, add_correction
from stancemap.store import open_store


def _correct(store) -> None:
    rv = Reviewed(store)
    quotes = rv.quotes()
    stances = rv.stances()
    actors = [a for a in store.actors() if a["quotes"]]
    add_correction(store, "quote.reject", quotes[0]["id"])
    add_correction(store, "quote.speaker", quotes[3]["id"], {"actor": actors[1]["name"]})
    add_correction(store, "quote.confirm", quotes[5]["id"])
    stance = stances[2]
    flipped = "oppose" if stance["polarity"] == "support" else "support"
    add_correction(store, "stance.polarity", stance["id"], {"polarity": flipped})
    add_correction(store, "stance.reject", stances[4]["id"])
    add_correction(store, "stance.add", stances[6]["article_id"],
                   {"actor": actors[2]["name"], "proposition": stance["proposition"],
                    "polarity": "support", "evidence": "An added stance."})
    add_correction(store, "actor.merge", actors[3]["id"], {"into": actors[0]["id"]})


def test_lists_pages_equal_the_full_lists(backend, demo_target):
    with open_store(demo_target) as store:
        _correct(store)
        actor = store.actors()[0]["id"]
        prop = store.propositions()[0]["id"]
        outlet = store.outlets()[0]
        article = next(iter(store.articles()))["id"]
        combos = [data.Filters(), data.Filters(rejected=True), data.Filters(actor=actor),
                  data.Filters(proposition=prop), data.Filters(outlet=outlet),
                  data.Filters(date_from="2026-03-15", date_to="2026-04"), data.Filters(article=article),
                  data.Filters(actor=actor, proposition=prop, rejected=True)]
        checked = 0
        for f, (limit, offset) in itertools.product(combos, [(50, 0), (7, 0), (7, 14), (5, 33), (500, 0)]):
            for page, full in ((data.quotes_page, data.quotes), (data.stances_page, data.stances),
                               (data.articles_page, data.articles)):
                expected = data.paginate(full(store, f), limit, offset)
                got = page(store, f, limit, offset)
                assert got["total"] == expected["total"], (page.__name__, f, limit, offset)
                assert [x["id"] for x in got["items"]] == [x["id"] for x in expected["items"]], \
                    (page.__name__, f, limit, offset)
                assert got["items"] == expected["items"]
                checked += len(got["items"])
        assert checked > 500


def test_lists_actor_counts_equal_the_reviewed_ones(backend, demo_target):
    from stancemap.app import actor_list, cache

    with open_store(demo_target) as store:
        cache.clear()
        key = ("id", "name", "quotes", "stances", "articles", "aliases", "roles", "merged", "review")

        def expected():
            return sorted((tuple(str(a.get(k)) for k in key) for a in Reviewed(store).actors()))

        assert len(actor_list.reviewed_actors(store)) == len(expected())
        _correct(store)
        got = sorted(tuple(str(a.get(k)) for k in key) for a in actor_list.reviewed_actors(store))
        assert got == expected()


def test_lists_proposition_holders_equal_the_reviewed_stances(backend, demo_target):
    with open_store(demo_target) as store:
        _correct(store)
        actor = store.actors()[1]["id"]
        for prop in [p["id"] for p in store.propositions()]:
            for f in (data.Filters(proposition=prop), data.Filters(proposition=prop, actor=actor),
                      data.Filters(proposition=prop, date_from="2026-03-20")):
                got = data.propositions(store, f)
                expected = data.propositions_from_records(store, f)
                for p in expected:  # the reference lists every stance; the pages the first 20
                    p["supporters"], p["opponents"] = len(p["support"]), len(p["oppose"])
                    for side in ("support", "oppose"):
                        p[side] = p[side][:data.HOLDERS_SHOWN]
                        for h in p[side]:
                            h["evidence"] = h["evidence"][:data.HOLDER_EVIDENCE]
                assert got == expected, f
        overview = data.propositions(store)
        assert all(not h["evidence"] and h["evidence_count"] for p in overview for h in p["support"])
