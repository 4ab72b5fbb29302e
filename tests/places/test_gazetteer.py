import pytest

from corridor.case import open_case
from corridor.places.gazetteer import SITE_KINDS, Gazetteer, SiteNotFoundError, load_sites
from corridor.places.geocode import AmbiguousError, resolve

#: The shipped example case whose names the tests below check.
CASE = open_case("dprk-russia")


def test_load_sites_types_and_geometry(tiny_sites_csv):
    sites = load_sites(tiny_sites_csv)
    assert list(sites["site_id"]) == ["nakhodka", "sunan", "fokino"]
    assert sites.crs.to_epsg() == 4326
    assert sites.loc[1, "aliases"] == ["Sunan", "순안"]
    assert (sites.geometry.x.round(5) == sites["lon"].round(5)).all()
    assert sites["location_precision_m"].tolist() == [5000, 1000, 3000]


@pytest.mark.parametrize(
    "name, site_id, matched_by",
    [
        ("sunan", "sunan", "id"),
        ("Nakhodka", "nakhodka", "name"),
        ("NAKHODKA", "nakhodka", "name"),
        ("Находка", "nakhodka", "alias"),
        ("순안", "sunan", "alias"),
        ("ZKPY", "sunan", "code"),
        ("fnj", "sunan", "code"),
        ("Sunan airport", "sunan", "normalized"),
        ("Pyongyang Sunan International", "sunan", "normalized"),
    ],
)
def test_lookup(tiny_sites_csv, name, site_id, matched_by):
    gaz = Gazetteer(load_sites(tiny_sites_csv))
    with pytest.deprecated_call(match=r"use corridor.places.resolve\(name, gazetteer=...\)"):
        match = gaz.lookup(name)
    assert (match.site_id, match.matched_by) == (site_id, matched_by)
    # the one resolver finds the same site by the same step
    result = resolve(name, gazetteer=gaz)
    assert (result.site_id, result.matched_by) == (site_id, matched_by)


def test_unknown_name_lists_close_candidates(tiny_sites_csv):
    with pytest.raises(SiteNotFoundError) as err, pytest.deprecated_call():
        Gazetteer(load_sites(tiny_sites_csv)).lookup("Nakhodko")
    assert err.value.candidates[0][0] == "nakhodka"
    assert "no site matches 'Nakhodko'; closest: Nakhodka (nakhodka" in str(err.value)


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_lookup_rejects_non_names(tiny_sites_csv, bad):
    with pytest.raises(ValueError, match="non-empty string"), pytest.deprecated_call():
        Gazetteer(load_sites(tiny_sites_csv)).lookup(bad)


def test_site_kinds_has_kept_its_old_name_with_a_warning():
    import corridor.places.gazetteer as module

    with pytest.deprecated_call(match="use SITE_KINDS"):
        assert module.KINDS == SITE_KINDS
    with pytest.raises(AttributeError):
        module.NO_SUCH_NAME  # noqa: B018


def test_bad_rows_are_reported_with_file_row_and_field(tiny_sites_csv):
    text = tiny_sites_csv.read_text(encoding="utf-8")
    text = text.replace("42.97096", "142.97096").replace(",airfield,", ",aerodrome,")
    tiny_sites_csv.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_sites(tiny_sites_csv)
    message = str(err.value)
    assert f"{tiny_sites_csv}, row 3, field 'kind': 'aerodrome' is not one of" in message
    assert (
        f"{tiny_sites_csv}, row 4, field 'lat': '142.97096' is not a number in [-90, 90]" in message
    )


def test_packaged_gazetteer_covers_the_reports_and_the_corridor():
    gaz = CASE.gazetteer
    assert set(gaz.sites["kind"]) <= set(SITE_KINDS)
    assert (gaz.sites["source"] != "").all() and (gaz.sites["source_ref"] != "").all()
    for name, site_id in [
        ("Dunai", "dunai"), ("Dunay", "dunai"), ("Дунай", "dunai"), ("the port of Dunai", "dunai"),
        ("Sunan airport", "sunan"), ("ZKPY", "sunan"), ("FNJ", "sunan"), ("Nakhodka", "nakhodka"),
        ("Rajin", "rajin"), ("Rason", "rajin"), ("Pokrovsk", "pokrovsk"), ("Kursk region", "kursk_region"),
        ("Knevichi", "knevichi"), ("UUOK", "kursk_vostochny"), ("Vostochny port", "vostochny_port"),
    ]:  # fmt: skip
        assert resolve(name, gazetteer=CASE.geocoder).site_id == site_id, name


def test_a_name_that_is_another_sites_alias_is_ambiguous():
    gaz = CASE.gazetteer
    with pytest.raises(LookupError, match="'Sergeevka' is ambiguous") as err, pytest.deprecated_call():
        gaz.lookup("Sergeevka")
    assert "sergeevka_base" in str(err.value) and "sergeevka_partizansky" in str(err.value)
    with pytest.raises(AmbiguousError) as err:
        resolve("Sergeevka", gazetteer=CASE.geocoder)
    assert {c.site_id for c in err.value.candidates} >= {"sergeevka_base", "sergeevka_partizansky"}
