from corridor.transport import transfers


def test_corridor_routes_have_every_mode_and_the_refuelling_stops():
    legs = transfers.corridor_routes()
    assert set(legs["mode"]) == {"sea", "air", "rail"}
    assert legs["leg"].tolist() == list(range(len(legs)))
    sea = legs[legs["mode"] == "sea"]
    assert set(sea["origin"]) == {"rajin", "chongjin", "hungnam", "wonsan"}
    air = legs[legs["mode"] == "air"]
    assert (air["length_km"] <= 3600).all()  # Il-76 range with maximum payload
    assert "refuelling stop" in " ".join(air["note"])


def test_2024_scenario_is_anchored_on_october_and_shuttles_the_ship():
    moves = transfers.transfer_2024(ship_trips=2, flights=1, trains=1)
    assert str(moves["depart"].min()) == "2024-10-01 00:00:00+00:00"
    ship = moves[moves["label"] == "Ropucha-class landing ship"]
    assert ship["loaded"].tolist() == [True, False, True, False]
    assert moves["movement"].tolist() == list(range(len(moves)))
    assert moves["depart"].is_monotonic_increasing


def test_2025_scenario_starts_from_the_sightings():
    moves = transfers.scenario_2025(ship_trips=1, aircraft=2)
    ship = moves[moves["mode"] == "sea"]
    air = moves[moves["mode"] == "air"]
    assert str(ship["depart"].min()) == "2025-05-18 12:00:00+00:00"  # after 12 h of loading
    assert str(air["depart"].min()) == "2025-06-04 00:00:00+00:00"
    assert air["destination"].iloc[-1] == "kursk_vostochny"
