"""A large file is read by a child process (liangxin.ledger.pipeline) while the import
validates and saves: the same rows, errors, header, refusals and all-or-nothing as reading in
process, and no child left behind when the import stops early. The threshold is lowered to 0
here so the tests' small files take that path."""

import multiprocessing
from pathlib import Path

import openpyxl
import pytest

from liangxin.ledger import pipeline
from liangxin.ledger.importing import run_import
from liangxin.ledger.reading import FileRefused
from liangxin.organizations.models import Organization
from tests.ledger_files import ledger_row, write_csv, write_xlsx


@pytest.fixture
def piped(settings):
    settings.LEDGER_PIPELINE_MIN_BYTES = 0
    if not pipeline.wanted(Path(__file__)):
        pytest.skip("no fork or a single core: the pipeline is not used here")


def _summary(result):
    return ([(e.row, e.column, e.value, e.message, e.col_index) for e in result.errors], result.total_rows,
            result.header_row, result.sheet, result.headers, result.unknown_headers, result.preview, dict(result.counts))


def _bad_rows():
    rows = [ledger_row(i) for i in range(1, 40)]
    rows[5]["从业人员数"] = "-5"
    rows[9]["统一社会信用代码"] = "9.14403E+17"  # a refused cell: the row goes as a dict
    rows[20]["所属社区"] = "东一社"
    return rows


def test_errors_and_counts_are_those_of_reading_in_process(world, tmp_path, settings):
    path = write_xlsx(tmp_path / "t.xlsx", _bad_rows())
    settings.LEDGER_PIPELINE_MIN_BYTES = 10**12
    in_process = run_import(path, "t.xlsx", "ledger", world.street_user)
    settings.LEDGER_PIPELINE_MIN_BYTES = 0
    calls = []
    piped = run_import(path, "t.xlsx", "ledger", world.street_user, progress=lambda *a: calls.append(a))
    assert _summary(piped) == _summary(in_process)
    assert len(piped.errors) == 3 and not piped.saved
    assert calls[-1][0] == 39 and calls[-1][2] == "finish"
    assert not Organization.objects.filter(name__startswith="测试企业").exists()


def test_a_good_file_is_saved_through_the_pipeline(world, tmp_path, piped):
    path = write_csv(tmp_path / "t.csv", [ledger_row(i) for i in range(1, 30)])
    result = run_import(path, "t.csv", "ledger", world.street_user)
    assert result.saved and result.counts["组织新增"] == 29
    assert not multiprocessing.active_children()


def test_a_refusal_in_the_child_is_raised_here(world, tmp_path, piped):
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙", "丙"])
    workbook.active.append([1, 2, 3])
    workbook.save(tmp_path / "t.xlsx")
    with pytest.raises(FileRefused, match="表头"):
        run_import(tmp_path / "t.xlsx", "t.xlsx", "ledger", world.street_user)
    assert not multiprocessing.active_children()


def test_the_child_is_stopped_when_the_import_fails(world, tmp_path, piped, monkeypatch):
    from liangxin.ledger.handlers import OrganizationLedgerHandler

    def fail(self, rows):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "BATCH_ROWS", 1)  # the child has more to send when we stop
    monkeypatch.setattr(OrganizationLedgerHandler, "process", fail)
    monkeypatch.setattr("liangxin.ledger.importing.CHUNK_ROWS", 1)
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(i) for i in range(1, 200)])
    with pytest.raises(RuntimeError, match="boom"):
        run_import(path, "t.xlsx", "ledger", world.street_user)
    assert not multiprocessing.active_children()
    assert not Organization.objects.filter(name__startswith="测试企业").exists()
