"""Bounded memory of an import (issue 11 item 4): files whose unpacked size or cells exceed what
LEDGER_IMPORT_MEMORY_LIMIT allows are refused before calamine holds them, with the limit and
how to split; a zip that lies about a member's size is refused cleanly (web and CLI); refused
and failed uploads leave no file; finished ones are removed after LEDGER_IMPORT_KEEP_DAYS."""

import datetime
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from liangxin.ledger.bounds import limits
from liangxin.ledger.importing import run_import
from liangxin.ledger.models import ImportJob
from liangxin.ledger.reading import FileRefused
from tests.ledger_files import ledger_row, write_xlsx

MB = 1024 * 1024
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
}


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def bomb(path: Path, rows: int, columns: int = 31, dimension: bool = True, cell=None) -> Path:
    """An .xlsx whose one sheet repeats the same cells: streamed into the zip row by row, so the
    test holds one row at a time however large it unpacks."""
    letters = [_column(i + 1) for i in range(columns)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            if dimension:
                head += f'<dimension ref="A1:{letters[-1]}{rows}"/>'
            sheet.write((head + "<sheetData>").encode())
            block = []
            for r in range(1, rows + 1):
                block.append(f'<row r="{r}">' + "".join(cell(c, r) if cell else f'<c r="{c}{r}" t="inlineStr"><is><t>两新组织</t></is></c>'
                                                        for c in letters) + "</row>")
                if len(block) == 1000:
                    sheet.write("".join(block).encode())
                    block = []
            sheet.write(("".join(block) + "</sheetData></worksheet>").encode())
    return path


def lie_about_size(path: Path, member: str, declared: int) -> Path:
    """Make the zip's directories declare `declared` bytes for `member` (its data unchanged)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_length_at, size_at, header in ((b"PK\x01\x02", 28, 24, 46), (b"PK\x03\x04", 26, 22, 30)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + header:at + header + length] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def test_limits_follow_from_the_memory_setting(settings):
    assert limits()["unpacked"] // MB == 307 and limits()["cells"] == 6_291_456  # 1 GB: ~200,000 ledger rows
    settings.LEDGER_IMPORT_MEMORY_LIMIT = 512 * MB
    assert limits()["unpacked"] // MB == 102 and limits()["cells"] == 2_097_152


def test_a_bomb_within_the_upload_limit_is_refused_quickly_and_without_high_memory(world, tmp_path, settings):
    settings.LEDGER_IMPORT_MEMORY_LIMIT = 512 * MB  # a smaller bomb to build; the same checks
    path = bomb(tmp_path / "bomb.xlsx", rows=80_000)  # 31 columns of the same text
    assert path.stat().st_size < 10 * MB < limits()["upload"]
    unpacked = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    assert unpacked > 120 * MB
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        run_import(path, "bomb.xlsx", "ledger", world.street_user)
    assert time.monotonic() - started < 5
    assert str(refused.value) == f"文件解压后约 {unpacked / MB:.0f} MB，超过导入上限 102 MB（约 7 万行）。请按街道拆分为多个文件后分别导入。"
    # The refusal in a process of its own: its peak memory beyond what it started with.
    script = (
        "import os, resource, django, json; from pathlib import Path; django.setup()\n"
        "from liangxin.ledger.reading import FileRefused, open_sheets, sniff\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "p = Path(os.environ['BOMB'])\n"
        "try:\n    [list(s.rows) for s in open_sheets(p, sniff(p, p.name))]\nexcept FileRefused:\n    pass\n"
        "print(json.dumps((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024))"
    )
    env = {**os.environ, "BOMB": str(path), "DJANGO_SETTINGS_MODULE": "liangxin.settings", "LIANGXIN_IMPORT_MEMORY_MB": "512"}
    delta = json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout)
    assert delta < 50 * MB < settings.LEDGER_IMPORT_MEMORY_LIMIT


def test_too_many_cells_are_refused_by_the_declared_extent_and_by_counting(world, tmp_path, settings):
    settings.LEDGER_IMPORT_MEMORY_LIMIT = 300 * MB  # 360,000 cells, 17 MB unpacked
    number = lambda c, r: f'<c r="{c}{r}"><v>1</v></c>'  # noqa: E731 — a small cell
    declared = bomb(tmp_path / "declared.xlsx", rows=15_000, cell=number)
    with pytest.raises(FileRefused, match=r"使用范围约 15000 行 × 31 列（46 万个单元格），超过导入上限 36 万个单元格"):
        run_import(declared, "declared.xlsx", "ledger", world.street_user)
    counted = bomb(tmp_path / "counted.xlsx", rows=15_000, cell=number, dimension=False)
    with pytest.raises(FileRefused, match="超过导入上限 36 万个单元格"):
        run_import(counted, "counted.xlsx", "ledger", world.street_user)


def test_two_cells_far_apart_are_refused_before_calamine_asks_for_their_grid(world, tmp_path):
    # 1.5 KB: calamine would ask for a 512 GB grid (1,048,576 rows × 16,384 columns) and abort.
    far = lambda c, r: f'<c r="{c}{r}"><v>1</v></c>' if (c, r) in (("A", 1), ("XFD", 1048576)) else ""  # noqa: E731
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                         f'<row r="1">{far("A", 1)}</row><row r="1048576">{far("XFD", 1048576)}</row></sheetData></worksheet>')
    with pytest.raises(FileRefused, match="1048576 行 × 16384 列"):
        run_import(path, "far.xlsx", "ledger", world.street_user)


def _lying(tmp_path) -> Path:
    path = write_xlsx(tmp_path / "lie.xlsx", [ledger_row(i) for i in range(1, 200)])
    return lie_about_size(path, "xl/worksheets/sheet1.xml", 1000)


LIE = "文件已损坏或被改动过"


def test_a_zip_that_lies_about_a_members_size_is_refused_cleanly(world, tmp_path):
    path = _lying(tmp_path)
    with pytest.raises(FileRefused, match=LIE):
        run_import(path, "lie.xlsx", "ledger", world.street_user)
    with pytest.raises(CommandError, match=LIE):
        call_command("import_ledger", str(path), "--dry-run")


def test_calamine_finding_the_lie_is_refused_the_same_way(tmp_path):
    # The scan before calamine finds it first; calamine's own reader stops at the declared
    # size too, and its error reads the same to the user.
    from python_calamine import CalamineError, CalamineWorkbook

    from liangxin.ledger.reading import _unreadable

    workbook = CalamineWorkbook.from_path(str(_lying(tmp_path)))
    with pytest.raises(CalamineError, match="declared") as error:
        workbook.get_sheet_by_name(workbook.sheet_names[0])
    assert str(_unreadable(error.value)).startswith(LIE)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, path):
    with path.open("rb") as handle:
        return client.post(reverse("ledger:import"), {"file": handle, "kind": "ledger"})


def _stored(media) -> list:
    return [p for p in (media / "ledger").rglob("*") if p.is_file()] if (media / "ledger").exists() else []


def test_refused_uploads_leave_no_file(world, login, tmp_path, media):
    client = login(world.street_user)
    page = _upload(client, _lying(tmp_path)).content.decode()
    assert LIE in page and not ImportJob.objects.exists() and _stored(media) == []
    # Refused while reading (no header): the job says so, the file is gone.
    headless = write_xlsx(tmp_path / "headless.xlsx", [{"甲": 1}], header=["甲", "乙"])
    _upload(client, headless)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED and "表头" in job.message
    assert not job.file and _stored(media) == []


def test_cleanup_removes_files_of_imports_older_than_the_kept_days(world, login, tmp_path, media, settings):
    client = login(world.street_user)
    _upload(client, write_xlsx(tmp_path / "a.xlsx", [ledger_row(1), ledger_row(2, 从业人员数="-5")]))
    _upload(client, write_xlsx(tmp_path / "b.xlsx", [ledger_row(3)]))
    old, recent = ImportJob.objects.order_by("pk")
    assert old.status == ImportJob.Status.INVALID and old.report and recent.status == ImportJob.Status.VALID
    ImportJob.objects.filter(pk=old.pk).update(updated=timezone.now() - datetime.timedelta(days=settings.LEDGER_IMPORT_KEEP_DAYS + 1))
    orphan = media / "ledger" / "imports" / "left-behind.xlsx"
    orphan.write_bytes(b"x")
    os.utime(orphan, (time.time() - 40 * 86400,) * 2)
    kept = [Path(recent.file.path)]
    call_command("cleanup_imports")
    old.refresh_from_db()
    assert not old.file and not old.report and old.error_count == 1  # the record stays
    assert sorted(_stored(media)) == kept
    # A preview whose file is gone cannot be confirmed; the user is told to upload again.
    ImportJob.objects.filter(pk=recent.pk).update(updated=timezone.now() - datetime.timedelta(days=31))
    call_command("cleanup_imports")
    response = client.post(reverse("ledger:import_confirm", args=[recent.pk]), follow=True)
    assert "超过保存期限" in response.content.decode() and _stored(media) == []


def test_a_large_file_read_by_a_child_is_refused_when_reading_it_needs_more_than_the_limit(world, tmp_path, settings):
    """The child reading a large file has its address space limited instead of the scan: the
    same two far cells end it, and the import is refused with the limit, not a crash."""
    from liangxin.ledger import pipeline

    settings.LEDGER_PIPELINE_MIN_BYTES = 0
    if not pipeline.wanted(Path(__file__)):
        pytest.skip("no fork or a single core: the pipeline is not used here")
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                         '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    with pytest.raises(FileRefused, match="读取该文件所需内存超过导入上限 1024 MB"):
        run_import(path, "far.xlsx", "ledger", world.street_user)


def test_errors_past_the_kept_number_are_counted_not_kept(world, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("liangxin.ledger.importing.KEPT_ERRORS", 5)
    path = write_xlsx(tmp_path / "bad.xlsx", [ledger_row(i, 从业人员数="-5", 是否建立工会="也许") for i in range(1, 6)])
    result = run_import(path, "bad.xlsx", "ledger", world.street_user)
    assert (len(result.errors), result.more_errors, result.error_count) == (5, 5, 10) and not result.saved
    with pytest.raises(SystemExit):
        call_command("import_ledger", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "另有 5 处错误未列出。" in out and "共 10 处错误" in out
