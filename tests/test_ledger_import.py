"""Importing the ledger from real files: the mess real files contain, all or nothing,
re-import idempotence, joint party organizations, refusals and jurisdiction."""

import datetime
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from liangxin.audit.models import ChangeLog
from liangxin.ledger.columns import CellError, clean_bool, clean_code18, clean_date, clean_int
from liangxin.ledger.importing import run_import, write_report
from liangxin.ledger.reading import FileRefused
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from tests.ledger_files import HEADER, credit_code, ledger_row, write_csv, write_xlsx

FIXTURES = Path(__file__).parent / "fixtures"


def imported(world, n=None):
    qs = Organization.objects.filter(name__startswith="测试企业")
    return qs.count() if n is None else qs


# ---- cleaning ---------------------------------------------------------------------------------

def test_it_cleans_what_real_cells_contain():
    assert clean_int("１２０") == "120"
    assert clean_int(" 35 人") == "35"
    assert clean_int(12.0) == "12"
    assert clean_date("2023.5.1") == "2023-05-01"
    assert clean_date("2023年5月1日") == "2023-05-01"
    assert clean_date("２０２３/０５/０１") == "2023-05-01"
    assert clean_date(datetime.datetime(2023, 5, 1, 0, 0)) == "2023-05-01"
    assert clean_bool("√") is True and clean_bool("是") is True and clean_bool("否") is False
    assert clean_bool(None) is False and clean_bool("空") is False
    assert clean_code18(" ９１４４０３００ＭＡ５Ｆ００００１Ｂ ") == "91440300MA5F00001B"
    with pytest.raises(CellError):
        clean_bool("也许")
    with pytest.raises(CellError):
        clean_date("2023.2.30")


@pytest.mark.parametrize("damaged", [4.40307e17, "4.40307E+17", 440307199001010011, "440307199001010000.0", "440307199001010000"])
def test_it_refuses_18_digit_numbers_excel_has_damaged(damaged):
    with pytest.raises(CellError, match="文本"):
        clean_code18(damaged)


# ---- whole files ------------------------------------------------------------------------------

def test_it_imports_an_xlsx_with_merged_title_rows_and_messy_cells(world, tmp_path):
    rows = [ledger_row(1, 从业人员数="１２０", 正式党员数="３", 是否建立工会="√", 地址="  东街道\u3000测试路 1号  "),
            ledger_row(2, 统一社会信用代码=" " + credit_code(2).lower() + " ")]
    header = [h if h != "成立日期" else h for h in HEADER] + ["成立日期"]
    rows[0]["成立日期"] = "2023年5月1日"
    rows[1]["成立日期"] = "2023.5.1"
    path = write_xlsx(tmp_path / "台账.xlsx", rows, header=header, title_rows=2)
    result = run_import(path, "台账.xlsx", "ledger", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    assert result.header_row == 3
    org1 = Organization.objects.get(credit_code=credit_code(1))
    assert (org1.employees, org1.reported_formal_members, org1.has_union) == (120, 3, True)
    assert org1.address == "东街道 测试路 1号"
    assert org1.region == world.grid1
    assert org1.founded_on == datetime.date(2023, 5, 1)
    assert Organization.objects.get(credit_code=credit_code(2)).founded_on == datetime.date(2023, 5, 1)


def test_it_matches_headers_tolerantly(world, tmp_path):
    header = ["序 号", "单位名称", "统一社会信用代码（18位）", "组织类型", "所属街道(乡镇/园区)", "社区", "网格", "从业人数", "正式党员"]
    row = {"序 号": 1, "单位名称": "测试企业同义词有限公司", "统一社会信用代码（18位）": credit_code(9), "组织类型": "社会组织",
           "所属街道(乡镇/园区)": "东街道", "社区": "东一社区", "网格": "东一第2网格", "从业人数": 8, "正式党员": 2}
    path = write_xlsx(tmp_path / "t.xlsx", [row], header=header)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    org = Organization.objects.get(credit_code=credit_code(9))
    assert (org.kind, org.region, org.employees) == (Organization.Kind.SOCIAL, world.grid1b, 8)


def test_it_reads_a_gbk_csv_and_a_utf8_csv(world, tmp_path):
    for encoding, n in (("gbk", 11), ("utf-8-sig", 12)):
        path = write_csv(tmp_path / f"{encoding}.csv", [ledger_row(n, 组织名称=f"测试企业{n}（集团）有限公司")], encoding=encoding)
        result = run_import(path, f"{encoding}.csv", "ledger", world.street_user)
        assert result.ok, [str(e) for e in result.errors]
        assert Organization.objects.get(credit_code=credit_code(n)).name == f"测试企业{n}（集团）有限公司"


def test_it_reads_an_excel_97_xls_file(world, tmp_path):
    # tests/fixtures/ledger.xls was made once from write_xlsx(...) with LibreOffice:
    #   soffice --headless --convert-to xls ledger.xlsx  (see tests/fixtures/README.md)
    path = tmp_path / "ledger.xls"
    shutil.copy(FIXTURES / "ledger.xls", path)
    result = run_import(path, "ledger.xls", "ledger", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    assert result.header_row == 3
    org = Organization.objects.get(credit_code=credit_code(31))
    assert org.employees == 41 and org.region == world.grid1
    assert org.founded_on == datetime.date(2020, 1, 15)  # a real date cell in the .xls


def test_it_reports_damaged_ids_with_how_to_fix(world, tmp_path):
    rows = [ledger_row(1), ledger_row(2, 统一社会信用代码=9.14403e17), ledger_row(3, 统一社会信用代码="9.14403E+17")]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert not result.saved
    assert [(e.row, e.column) for e in result.errors] == [(5, "统一社会信用代码"), (6, "统一社会信用代码")]
    assert "设置为“文本”" in result.errors[0].message
    assert imported(world) == 0


def test_one_bad_row_in_a_hundred_saves_nothing_and_names_that_row(world, tmp_path):
    rows = [ledger_row(i) for i in range(1, 101)]
    rows[56]["从业人员数"] = "-5"  # file row 3 (header) + 57
    rows[80]["所属社区"] = "东一社"  # a typo in a region name
    rows[90]["组织类别"] = "国有企业"
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert not result.saved and imported(world) == 0
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {60, 84, 94}
    assert by_row[60].column == "从业人员数" and "负数" in by_row[60].message  # the model's own message
    assert by_row[84].column == "所属社区" and "“东一社区”" in by_row[84].message  # the closest existing name
    assert "国有企业" in by_row[94].value and "非公企业" in by_row[94].message
    assert not Region.objects.filter(name="东一社").exists()
    assert not ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Organization), object_repr__startswith="测试企业").exists()


def test_re_import_updates_in_place_with_one_log_row_per_changed_object(world, tmp_path):
    rows = [ledger_row(i) for i in range(1, 6)]
    rows.append(ledger_row(6, 统一社会信用代码=None, 组织名称="无代码的测试企业"))
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    assert run_import(path, "t.xlsx", "ledger", world.street_user).saved
    org_type = ContentType.objects.get_for_model(Organization)
    logs = ChangeLog.objects.filter(content_type=org_type)
    assert logs.filter(action="create").count() == 6
    count = Organization.objects.count()

    again = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert again.saved and again.counts["组织未变"] == 6 and Organization.objects.count() == count
    assert logs.filter(action="update").count() == 0

    rows[1]["从业人员数"] = 999
    rows[5]["从业人员数"] = 77  # keyed by name within the street
    path = write_xlsx(tmp_path / "t2.xlsx", rows)
    third = run_import(path, "t2.xlsx", "ledger", world.street_user)
    assert third.counts["组织修改"] == 2 and Organization.objects.count() == count
    assert logs.filter(action="update").count() == 2
    assert Organization.objects.get(name="无代码的测试企业").employees == 77


def test_it_updates_existing_organizations_by_credit_code(world, tmp_path):
    row = ledger_row(1, 组织名称="东方电子有限公司（更名）", 统一社会信用代码=world.org1.credit_code, 从业人员数=130)
    path = write_xlsx(tmp_path / "t.xlsx", [row])
    assert run_import(path, "t.xlsx", "ledger", world.street_user).saved
    world.org1.refresh_from_db()
    assert world.org1.name == "东方电子有限公司（更名）" and world.org1.employees == 130


def test_rows_naming_the_same_party_org_make_one_joint_org(world, tmp_path):
    joint = {"是否建立党组织": "是", "党组织名称": "东一社区企业联合党支部", "党组织书记": "赵某"}
    rows = [ledger_row(1, **joint), ledger_row(2, **joint), ledger_row(3, **joint, 所属网格="东一第2网格"), ledger_row(4)]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    party_org = PartyOrg.objects.get(name="东一社区企业联合党支部")
    assert party_org.mode == PartyOrg.Mode.JOINT and party_org.type == PartyOrg.Type.JOINT_BRANCH
    assert party_org.organizations.count() == 3 and party_org.secretary_name == "赵某"
    again = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert again.counts["党组织未变"] == 1 and PartyOrg.objects.filter(name="东一社区企业联合党支部").count() == 1


def test_a_standalone_org_on_several_rows_is_refused_by_the_party_org_form(world, tmp_path):
    same = {"是否建立党组织": "是", "党组织名称": "某某党支部", "组建方式": "单独组建"}
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1, **same), ledger_row(2, **same)])
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert not result.saved
    assert {e.row for e in result.errors} == {4, 5}
    assert all("联合组建" in e.message for e in result.errors)


def test_duplicates_inside_the_file_are_errors(world, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1), ledger_row(2), ledger_row(1, 组织名称="另一个名字")])
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert [(e.row, e.column) for e in result.errors] == [(6, "统一社会信用代码")]
    assert "第4行" in result.errors[0].message


def test_a_row_for_another_street_is_an_error_not_a_leak(world, tmp_path):
    rows = [ledger_row(1), ledger_row(2, 所属街道="西街道", 所属社区="西一社区", 所属网格="西一第1网格")]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    assert not result.saved and imported(world) == 0
    assert [e.row for e in result.errors] == [5] and "管辖范围" in result.errors[0].message
    # The organization of another street, named by its credit code, is not updated either.
    row = ledger_row(3, 统一社会信用代码=world.org2.credit_code)
    path = write_xlsx(tmp_path / "t2.xlsx", [row])
    result = run_import(path, "t2.xlsx", "ledger", world.street_user)
    assert not result.saved and "管辖范围以外" in result.errors[0].message
    world.org2.refresh_from_db()
    assert world.org2.name == "西城科技有限公司"


def test_roles_that_may_not_write_cannot_import(world, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1)])
    for user in (world.leader, world.instructor_user):
        with pytest.raises(PermissionDenied):
            run_import(path, "t.xlsx", "ledger", user)
    assert imported(world) == 0


def test_the_region_tree_imports_from_its_own_sheet(world, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["区域代码", "名称", "层级", "上级代码", "责任人"])
    sheet.append(["440399001002", "东二社区", "社区", "440399001", ""])
    sheet.append(["440399001002001", "东二第1网格", "网格", "440399001002", "钱某"])
    sheet.append(["440399001001001", "东一第1网格", "网格", "440399001001", "孙某"])  # an update
    workbook.save(tmp_path / "regions.xlsx")
    result = run_import(tmp_path / "regions.xlsx", "regions.xlsx", "regions", world.admin)
    assert result.ok, [str(e) for e in result.errors]
    grid = Region.objects.get(code="440399001002001")
    assert grid.parent.name == "东二社区" and grid.path.startswith(world.street1.path)
    assert Region.objects.get(code="440399001001001").responsible_person == "孙某"
    # The new grid is immediately usable by the ledger.
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1, 所属社区="东二社区", 所属网格="东二第1网格")])
    assert run_import(path, "t.xlsx", "ledger", world.street_user).saved


def test_a_street_imports_only_its_own_part_of_the_region_tree(world, tmp_path):
    def regions_file(*rows):
        workbook = openpyxl.Workbook()
        workbook.active.append(["区域代码", "名称", "层级", "上级代码", "责任人"])
        for row in rows:
            workbook.active.append(row)
        workbook.save(tmp_path / "regions.xlsx")
        return tmp_path / "regions.xlsx"

    before = Region.objects.count()
    # A grid of its own street is fine, but one row under the other street refuses the whole file.
    path = regions_file(["440399001001009", "东一第9网格", "网格", "440399001001", ""],
                        ["440399002001009", "西一第9网格", "网格", "440399002001", ""])
    result = run_import(path, "regions.xlsx", "regions", world.street_user)
    assert not result.ok and any("不在您的管辖范围内" in str(e) for e in result.errors)
    assert Region.objects.count() == before
    # Renaming the other street's grid is refused by its code.
    result = run_import(regions_file(["440399002001001", "改名网格", "网格", "440399002001", ""]),
                        "regions.xlsx", "regions", world.street_user)
    assert not result.ok and Region.objects.get(code="440399002001001").name == "西一第1网格"
    # Its own grid alone imports.
    result = run_import(regions_file(["440399001001009", "东一第9网格", "网格", "440399001001", ""]),
                        "regions.xlsx", "regions", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    assert Region.objects.get(code="440399001001009").parent == world.community1


def test_write_report_marks_each_bad_cell(world, tmp_path):
    rows = [ledger_row(1), ledger_row(2, 从业人员数="很多"), ledger_row(3, 是否建立工会="也许")]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    result = run_import(path, "t.xlsx", "ledger", world.street_user)
    out = io.BytesIO()
    write_report(path, result.fmt, result, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(row=1, column=1).value == "东街道两新组织党建工作台账"  # title rows kept
    note_col = len(HEADER) + 1
    assert sheet.cell(row=3, column=note_col).value == "错误说明"
    assert "从业人员数" in sheet.cell(row=5, column=note_col).value
    employees_col = HEADER.index("从业人员数") + 1
    assert sheet.cell(row=5, column=employees_col).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(row=5, column=employees_col).comment is not None
    assert sheet.cell(row=4, column=note_col).value is None


# ---- refusals ---------------------------------------------------------------------------------

def test_it_refuses_macro_workbooks(world, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsm", [ledger_row(1)])
    with pytest.raises(FileRefused, match="宏"):
        run_import(path, "t.xlsm", "ledger", world.street_user)
    # A macro workbook renamed to .xlsx is refused by its content.
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(renamed, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 100)
    with pytest.raises(FileRefused, match="宏"):
        run_import(renamed, "renamed.xlsx", "ledger", world.street_user)


def test_it_refuses_content_that_does_not_match_the_extension(world, tmp_path):
    xlsx = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1)])
    shutil.copy(xlsx, tmp_path / "t.xls")
    with pytest.raises(FileRefused, match="不符"):
        run_import(tmp_path / "t.xls", "t.xls", "ledger", world.street_user)
    (tmp_path / "page.xlsx").write_text("<html><table><tr><td>组织名称</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(FileRefused, match="不符"):
        run_import(tmp_path / "page.xlsx", "page.xlsx", "ledger", world.street_user)
    (tmp_path / "t.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(FileRefused, match="不支持"):
        run_import(tmp_path / "t.pdf", "t.pdf", "ledger", world.street_user)


def test_it_refuses_a_zip_bomb_before_inflating_it(world, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))  # 50 MB of zeros → ~50 KB
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(FileRefused, match="压缩炸弹"):
        run_import(bomb, "bomb.xlsx", "ledger", world.street_user)


def test_it_refuses_files_that_are_too_large(world, tmp_path, settings):
    settings.LEDGER_MAX_UPLOAD_BYTES = 10 * 1024
    rows = [ledger_row(i) for i in range(1, 200)]
    path = write_csv(tmp_path / "big.csv", rows)
    with pytest.raises(FileRefused, match="文件太大"):
        run_import(path, "big.csv", "ledger", world.street_user)


def test_a_file_without_a_recognisable_header_is_refused(world, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙", "丙"])
    workbook.active.append([1, 2, 3])
    workbook.save(tmp_path / "t.xlsx")
    with pytest.raises(FileRefused, match="表头"):
        run_import(tmp_path / "t.xlsx", "t.xlsx", "ledger", world.street_user)
