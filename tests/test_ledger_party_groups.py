"""Party organizations named in a ledger across streets (issue 12 item 2): rows naming the same
party organization anywhere in the importer's jurisdiction are one, placed at the lowest region
containing its organizations; a name two existing ones could mean is an error naming both; an
export re-imported keeps it one. Real files; on PostgreSQL the organizations and the party
organizations go through COPY."""

from django.urls import reverse

from liangxin.ledger.exporting import EXPORTS, write_export
from liangxin.ledger.importing import run_import
from liangxin.ledger.models import ImportJob
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.ledger_files import credit_code, ledger_row, write_csv, write_xlsx

JOINT = "区物流行业协会联合党支部"
WEST = {"所属街道": "西街道", "所属社区": "西一社区", "所属网格": "西一第1网格"}


def joint(**more):
    return {"是否建立党组织": "是", "党组织名称": JOINT, "党组织书记": "钱某", **more}


def three_towns_file(tmp_path, name="t.xlsx"):
    """Two organizations in 东街道 (two grids) and one in 西街道 naming the same joint branch."""
    rows = [ledger_row(1, **joint()), ledger_row(2, **joint(所属网格="东一第2网格")), ledger_row(3, **joint(**WEST)),
            ledger_row(4)]
    return write_xlsx(tmp_path / name, rows)


def test_rows_in_two_streets_naming_one_party_org_make_one_at_their_lowest_common_region(world, tmp_path):
    path = three_towns_file(tmp_path)
    preview = run_import(path, "t.xlsx", "ledger", world.admin, dry_run=True)
    assert preview.ok, [str(e) for e in preview.errors]
    assert preview.notes == [f"联合党支部「{JOINT}」覆盖2个街道的组织，将设在 测试区。"]
    assert not PartyOrg.objects.filter(name=JOINT).exists()

    result = run_import(path, "t.xlsx", "ledger", world.admin)
    assert result.saved and result.counts["党组织新增"] == 1
    party_org = PartyOrg.objects.get(name=JOINT)
    assert party_org.region == world.district
    assert party_org.type == PartyOrg.Type.JOINT_BRANCH and party_org.mode == PartyOrg.Mode.JOINT
    assert set(party_org.organizations.values_list("credit_code", flat=True)) == {credit_code(1), credit_code(2), credit_code(3)}


def test_rows_of_two_grids_of_a_community_place_it_at_the_community(world, tmp_path):
    rows = [ledger_row(1, **joint()), ledger_row(2, **joint(所属网格="东一第2网格"))]
    result = run_import(write_csv(tmp_path / "t.csv", rows), "t.csv", "ledger", world.street_user)
    assert result.saved and result.notes == []  # one street: nothing surprising to say
    assert PartyOrg.objects.get(name=JOINT).region == world.community1


def test_export_then_re_import_keeps_it_one(world, tmp_path):
    assert run_import(three_towns_file(tmp_path), "t.xlsx", "ledger", world.admin).saved
    exported = tmp_path / "导出.xlsx"
    write_export(EXPORTS["organizations"], world.admin, {}, exported)
    again = run_import(exported, "导出.xlsx", "ledger", world.admin)
    assert again.ok, [str(e) for e in again.errors]
    assert {k: n for k, n in again.counts.items() if not k.endswith("未变")} == {}
    assert again.counts["党组织未变"] >= 1 and again.notes == []
    assert PartyOrg.objects.filter(name=JOINT).count() == 1
    # A street re-importing its own export names the district's joint branch: unchanged, no error.
    street_export = tmp_path / "东街道.xlsx"
    write_export(EXPORTS["organizations"], world.street_user, {}, street_export)
    by_street = run_import(street_export, "东街道.xlsx", "ledger", world.street_user)
    assert by_street.ok, [str(e) for e in by_street.errors]
    assert {k: n for k, n in by_street.counts.items() if not k.endswith("未变")} == {}
    assert PartyOrg.objects.filter(name=JOINT).count() == 1


def test_an_existing_joint_org_that_gains_a_town_moves_up_and_the_preview_says_so(world, tmp_path):
    east = [ledger_row(1, **joint()), ledger_row(2, **joint(所属网格="东一第2网格"))]
    assert run_import(write_xlsx(tmp_path / "east.xlsx", east), "east.xlsx", "ledger", world.street_user).saved
    party_org = PartyOrg.objects.get(name=JOINT)
    assert party_org.region == world.community1
    # The district's file names only the new organization of 西街道.
    path = write_xlsx(tmp_path / "west.xlsx", [ledger_row(3, **joint(**WEST))])
    result = run_import(path, "west.xlsx", "ledger", world.admin)
    assert result.saved and result.counts["党组织修改"] == 1
    assert result.notes == [f"联合党支部「{JOINT}」覆盖的组织超出了 测试区/东街道/东一社区，将移至 测试区。"]
    party_org.refresh_from_db()
    assert party_org.region == world.district and party_org.organizations.count() == 3
    assert PartyOrg.objects.filter(name=JOINT).count() == 1


def test_a_name_two_existing_party_orgs_could_mean_is_an_error_naming_both(world, tmp_path):
    # What the old import left behind: the same joint branch created once per street.
    east = PartyOrg.objects.create(name=JOINT, region=world.street1, type=PartyOrg.Type.JOINT_BRANCH, mode=PartyOrg.Mode.JOINT)
    east.organizations.add(world.org1)
    west = PartyOrg.objects.create(name=JOINT, region=world.street2, type=PartyOrg.Type.JOINT_BRANCH, mode=PartyOrg.Mode.JOINT)
    west.organizations.add(world.org2)
    rows = [ledger_row(1, **joint(组织名称=world.org1.name, 统一社会信用代码=world.org1.credit_code)),
            ledger_row(2, **joint(组织名称=world.org2.name, 统一社会信用代码=world.org2.credit_code, **WEST))]
    result = run_import(write_xlsx(tmp_path / "t.xlsx", rows), "t.xlsx", "ledger", world.admin)
    assert not result.saved
    assert [(e.row, e.column) for e in result.errors] == [(4, "党组织名称"), (5, "党组织名称")]
    message = result.errors[0].message
    assert f"测试区/东街道的“{JOINT}”（编号{east.pk}）" in message and f"测试区/西街道的“{JOINT}”（编号{west.pk}）" in message
    assert "改为能区分的名称" in message
    # A new organization naming it is as ambiguous (neither covers it yet).
    result = run_import(write_xlsx(tmp_path / "new.xlsx", [ledger_row(5, **joint())]), "new.xlsx", "ledger", world.admin)
    assert [(e.row, e.column) for e in result.errors] == [(4, "党组织名称")]
    # Inside one street's jurisdiction the name is not ambiguous: 东街道's own is meant.
    result = run_import(write_xlsx(tmp_path / "street.xlsx", [ledger_row(5, **joint())]), "street.xlsx", "ledger", world.street_user)
    assert result.saved, [str(e) for e in result.errors]
    assert east.organizations.filter(credit_code=credit_code(5)).exists()
    assert PartyOrg.objects.filter(name=JOINT).count() == 2


def test_a_street_cannot_change_the_districts_joint_org_but_is_told_where_it_is(world, tmp_path):
    assert run_import(three_towns_file(tmp_path), "t.xlsx", "ledger", world.admin).saved
    path = write_xlsx(tmp_path / "s.xlsx", [ledger_row(7, **joint())])
    result = run_import(path, "s.xlsx", "ledger", world.street_user)
    assert not result.saved
    assert [(e.row, e.column) for e in result.errors] == [(4, "党组织名称")]
    assert "设在 测试区" in result.errors[0].message and "不在您的管辖范围内" in result.errors[0].message
    assert PartyOrg.objects.filter(name=JOINT).count() == 1


def test_the_web_preview_shows_where_it_will_be(world, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = login(world.admin)
    with three_towns_file(tmp_path).open("rb") as handle:
        response = client.post(reverse("ledger:import"), {"file": handle, "kind": "ledger"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID
    page = client.get(response["Location"]).content.decode()
    assert f"联合党支部「{JOINT}」覆盖2个街道的组织，将设在 测试区。" in page
    client.post(reverse("ledger:import_confirm", args=[job.pk]))
    assert PartyOrg.objects.get(name=JOINT).organizations.count() == 3
    assert Organization.objects.filter(party_orgs__name=JOINT).values("region__parent__parent").distinct().count() == 2
