"""The families take a case's parts; a call that leaves them out gets the default case, warned.

The default case is what ``$CORRIDOR_CASE`` (here the red-sea example) names when the call is
made: nothing is kept from an earlier call. The top-level API takes ``case=`` instead.
"""

import warnings

import pytest

import corridor
from corridor import _api
from corridor.case import open_case
from corridor.evidence import changes, claims, sightings
from corridor.maps import atlas
from corridor.places import claimcheck, gazetteer, geocoder
from corridor.places.geocode import default_geocoder, geocode, resolve
from corridor.reports import vocab
from corridor.transport import assets, capacity, plans, routes

RED = open_case("red-sea-sealift")
OTHER = open_case("dprk-russia")


@pytest.fixture
def red_by_default(monkeypatch):
    """The environment names the red-sea example; the shipped default is the other one."""
    monkeypatch.setenv("CORRIDOR_CASE", "red-sea-sealift")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("Gazetteer.default()", lambda: gazetteer.Gazetteer.default() is RED.gazetteer),
        ("load_sites() with no path", lambda: gazetteer.load_sites() is RED.sites),
        ("default_geocoder()", lambda: default_geocoder() is RED.geocoder),
        ("Geocoder() without a gazetteer", lambda: geocoder.Geocoder().gazetteer is RED.gazetteer),
        ("resolve() without gazetteer=", lambda: resolve("Suakin").site_id == "suakin"),
        ("geocode() without gazetteer=",
         lambda: geocode(["Suakin"])["site_id"].tolist() == ["suakin"]),
        ("find_claims() without gazetteer=",
         lambda: claimcheck.find_claims("Suakin lies 50 km south of Port Sudan")[0].subject_site_id
         == "suakin"),
        ("check_claim() without gazetteer=",
         lambda: claimcheck.check_claim("Suakin lies 50 km south of Port Sudan").reference_site_id
         == "port_sudan"),
        ("load_sources() with no path", lambda: sightings.load_sources() is RED.sources),
        ("load_sightings() without path and gazetteer and sources",
         lambda: len(sightings.load_sightings()) == len(RED.sightings())),
        ("load_claims() without path and sources",
         lambda: len(claims.load_claims()) == len(RED.claims())),
        ("catalogue()", lambda: assets.catalogue() is RED.assets),
        ("get_asset() without assets=", lambda: assets.get_asset("c130")["mode"] == "air"),
        ("Lift() without assets= or spec=",
         lambda: capacity.Lift("c130", RED.routes().head(1), count=1, load_h=1, unload_h=1)
         .spec["asset_id"] == "c130"),
        ("claim_targets() without case=",
         lambda: len(capacity.claim_targets()) == len(capacity.claim_targets(case=RED))),
        ("great_circle_km() without case= or geocoder=",
         lambda: routes.great_circle_km("suez", "suakin")
         == routes.great_circle_km("suez", "suakin", case=RED)),
        ("itinerary() without case= or geocoder=",
         lambda: routes.itinerary(["suez", "suakin"], modes=["road"])["origin"].tolist() == ["suez"]),
        ("airfields()", lambda: "cairo_airport" in set(routes.airfields()["site_id"])),
        ("Vocabulary.default()", lambda: vocab.Vocabulary.default() is RED.vocabulary),
        ("case_data() without case=", lambda: atlas.case_data().title == RED.title),
        ("packaged_data()", lambda: atlas.packaged_data().title == RED.title),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_call_without_the_case_warns_and_takes_the_default_case(red_by_default, call, expected):
    with pytest.deprecated_call(match=rf"^{call.replace('(', '[(]').replace(')', '[)]')}"):
        assert expected()


def test_every_warning_says_what_to_pass_and_blames_the_caller(red_by_default):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve("Suakin")
        routes.sea_legs([("suez", "port_said")])
        capacity.Lift("c130", RED.routes().head(1), count=1, load_h=1, unload_h=1)
    assert [w.filename for w in caught] == [__file__] * 3
    assert "pass gazetteer=" in str(caught[0].message)
    assert "pass case= or geocoder=" in str(caught[1].message)
    assert "pass assets= or spec=" in str(caught[2].message)


def test_calls_given_the_parts_neither_warn_nor_look_a_case_up(red_by_default):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert resolve("Rajin", gazetteer=OTHER.geocoder).site_id == "rajin"
        assert claimcheck.find_claims("Rajin is 80 km from Chongjin", gazetteer=OTHER.geocoder)
        legs = routes.itinerary(["rajin", "dunai"], modes=["sea"], asset="ropucha", case=OTHER)
        assert legs["origin"].tolist() == ["rajin"]
        with pytest.raises(KeyError, match="unknown asset 'c130'"):  # the catalogue given
            assets.get_asset("c130", OTHER.assets)
        assert routes.great_circle_km("rajin", "dunai", geocoder=OTHER.gazetteer) > 0
        assert len(plans.build_routes(plans.load_routes(OTHER.table("routes.csv")), OTHER))
        assert atlas.case_data(OTHER).title == OTHER.title
        assert sightings.load_sightings(OTHER.table("sightings.csv"), OTHER.gazetteer,
                                        OTHER.sources)["site_id"].isin(OTHER.sites["site_id"]).all()  # fmt: skip


def test_old_names_of_kinds_still_import_with_a_warning():
    with pytest.deprecated_call(match="use SITE_KINDS"):
        from corridor.places.gazetteer import KINDS
    assert KINDS == gazetteer.SITE_KINDS
    with pytest.deprecated_call(match="use ITEM_KINDS"):
        from corridor.evidence.changes import KINDS as ITEMS
    assert ITEMS == changes.ITEM_KINDS


def test_the_top_level_api_takes_the_case_and_defaults_to_the_one_commands_use(red_by_default):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert corridor.resolve("Suakin").site_id == "suakin"  # $CORRIDOR_CASE
        assert corridor.resolve("Rajin", case="dprk-russia").site_id == "rajin"
        assert corridor.resolve("Rajin", case=OTHER).site_id == "rajin"
        assert corridor.geocode(["Suakin"])["site_id"].tolist() == ["suakin"]
        assert corridor.check_claim("Suakin lies 50 km south of Port Sudan").subject_site_id == "suakin"
        assert len(corridor.load_sightings()) == len(RED.sightings())
        assert len(corridor.load_claims(case=OTHER)) == len(OTHER.claims())
        assert len(corridor.load_sightings(OTHER.table("sightings.csv"), case=OTHER)) == len(
            OTHER.sightings()
        )
        leg = corridor.air_leg("cairo_airport", "port_sudan_airport", "c130")  # the case's asset
        assert leg["asset"].tolist() == ["c130"]
        assert corridor.great_circle_km("suez", "suakin") == pytest.approx(
            routes.great_circle_km("suez", "suakin", case=RED)
        )
        trip = corridor.itinerary(["rajin", "dunai"], modes=["sea"], case="dprk-russia")
        assert trip.equals(corridor.sea_leg("rajin", "dunai", case=OTHER))
    assert corridor.resolve is _api.resolve and corridor.sea_leg is _api.sea_leg
