"""Who is paired with whom (issue 13): a region's current pairings as a graph and a table, each
pairing with the cadence rules' cases, inside the jurisdiction, without personal data."""

import datetime
import json

from liangxin.pairing import map as pairing_map
from liangxin.pairing.models import Pairing
from liangxin.rules.registry import get_rule

MAP = "/pairing/map/"


def map_data(response) -> dict:
    html = response.content.decode()
    return json.loads(html.split('<script id="pairing-map-data" type="application/json">', 1)[1].split("</script>", 1)[0])


def test_the_district_sees_its_pairings_with_their_rule_cases(world, login):
    response = login(world.admin).get(MAP)
    assert response.status_code == 200
    data = map_data(response)
    assert data["total"] == 1
    assert {(n["kind"], n["name"]) for n in data["nodes"]} == {("unit", "区司法局"), ("organization", "西城科技有限公司")}
    (link,) = data["links"]
    pairing = Pairing.objects.get()
    assert (link["source"], link["target"]) == (f"u{world.unit.pk}", f"o{world.org2.pk}")
    # The cases are the rules' own: every rule over pairings that flags this one, and only those.
    flagged = sorted(rule_id for rule_id in ("PAIR-2", "PAIR-5", "PAIR-7")
                     if get_rule(rule_id).violations(world.admin, world.district).filter(pk=pairing.pk).exists())
    assert sorted(case.split()[0] for case in link["cases"]) == flagged
    assert data["attention"] == (1 if flagged else 0)
    assert "西城科技有限公司" in response.content.decode()


def test_a_street_sees_only_pairings_in_its_street(world, login):
    east = login(world.street_user).get(MAP)
    assert map_data(east)["total"] == 0 and "目前没有有效的结对关系" in east.content.decode()
    assert map_data(login(world.other_street_user).get(MAP))["total"] == 1
    assert login(world.other_street_user).get(f"{MAP}?region={world.street1.pk}").status_code == 404


def test_an_ended_pairing_is_not_drawn(world, login):
    Pairing.objects.update(end_date=datetime.date(2025, 12, 31))
    assert map_data(login(world.admin).get(MAP))["total"] == 0


def test_a_large_region_asks_for_a_sub_region(world, login, monkeypatch):
    monkeypatch.setattr(pairing_map, "MOST_DRAWN", 0)
    data = map_data(login(world.admin).get(MAP))
    assert data["too_many"] and {c["name"]: c["pairings"] for c in data["children"]} == {"东街道": 0, "西街道": 1}


def test_roles_without_a_region_get_no_map(world, login):
    for user in (world.secretary, world.paired_user):
        client = login(user)
        assert client.get(MAP).status_code == 403
        assert MAP not in client.get("/").content.decode()
    assert MAP in login(world.admin).get("/").content.decode()
