"""The bulk import path (liangxin.ledger.validation) against the form it stands for: the same
file gives the same errors, the same saved values and the same change-log rows whether each
row goes through the ModelForm or through RowValidator and bulk saves."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from liangxin.audit.models import ChangeLog
from liangxin.ledger import bulk, validation
from liangxin.ledger.columns import ValueMemo
from liangxin.ledger.importing import run_import
from liangxin.organizations.forms import OrganizationForm
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.ledger_files import credit_code, ledger_row, write_xlsx

VOLATILE = {"id", "created", "updated"}


def _stable(snapshot):
    """A log snapshot without what differs between two runs (ids; covered ids as a count)."""
    data = {k: v for k, v in (snapshot or {}).items() if k not in VOLATILE}
    if "organizations" in data:
        data["organizations"] = len(data["organizations"])
    return data


def _run(path, user, use_forms: bool, monkeypatch):
    """One import in a savepoint rolled back afterwards; what it did, without ids and times."""
    with monkeypatch.context() as patch:
        if use_forms:
            patch.setattr(validation, "supports", lambda form_class: False)
        with transaction.atomic():
            start = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            result = run_import(path, path.name, "ledger", user)
            types = [ContentType.objects.get_for_model(m) for m in (Organization, PartyOrg)]
            logs = sorted(
                (log.action, log.object_repr, log.region_path,
                 _stable(log.before), _stable(log.after))
                for log in ChangeLog.objects.filter(pk__gt=start, content_type__in=types)
            )
            saved = sorted(
                tuple((k, v) for k, v in o.audit_snapshot().items() if k not in VOLATILE)
                for o in Organization.objects.filter(name__contains="测试企业")
            ) + sorted(
                tuple((k, v) for k, v in p.audit_snapshot().items() if k not in VOLATILE | {"organizations"})
                + (("organizations", sorted(p.organizations.values_list("name", flat=True))),)
                for p in PartyOrg.objects.filter(name__contains="党支部")
            )
            transaction.set_rollback(True)
    errors = [(e.row, e.column, e.value, e.message) for e in result.errors]
    return errors, dict(result.counts), logs, saved


def test_the_form_has_no_hooks_the_bulk_path_would_skip():
    assert validation.supports(OrganizationForm)

    class WithHook(OrganizationForm):
        def clean_name(self):
            return self.cleaned_data["name"]

    assert not validation.supports(WithHook)


def test_bulk_and_form_paths_agree_on_a_valid_file(world, tmp_path, monkeypatch):
    joint = {"是否建立党组织": "是", "党组织名称": "东一社区企业联合党支部", "党组织书记": "赵某", "书记电话": "13800001111"}
    rows = [ledger_row(i, **(joint if i < 4 else {})) for i in range(1, 8)]
    rows[5].update({"是否建立党组织": "是", "党组织名称": "测试企业6有限公司党支部"})
    rows.append(ledger_row(8, 统一社会信用代码=world.org1.credit_code, 组织名称="东方电子有限公司", 从业人员数=300, 正式党员数=5))
    rows.append(ledger_row(9, 统一社会信用代码=world.org1b.credit_code, 组织名称="东升物流有限公司", 从业人员数=20))
    rows.append(ledger_row(10, 统一社会信用代码=None, 组织名称="无代码的测试企业", 成立日期="2020.2.3"))
    path = write_xlsx(tmp_path / "t.xlsx", rows, header=[*rows[0], "成立日期"])
    bulk = _run(path, world.street_user, False, monkeypatch)
    forms = _run(path, world.street_user, True, monkeypatch)
    assert bulk[0] == [] and bulk[1]["组织新增"] == 8 and bulk[1]["组织修改"] == 2 and bulk[1]["党组织新增"] == 2
    assert any(log[0] == "create" and log[4].get("organizations") == 3 for log in bulk[2])
    assert bulk == forms


def test_bulk_and_form_paths_agree_on_every_error(world, tmp_path, monkeypatch):
    rows = [ledger_row(i) for i in range(1, 12)]
    rows[1]["从业人员数"] = "-5"  # the model's validator
    rows[2]["组织类别"] = "社会组织"  # subtype mismatch below: the model's clean()
    rows[2]["细分类型"] = "有限责任公司"
    rows[3]["统一社会信用代码"] = credit_code(4)[:-1] + ("0" if credit_code(4)[-1] != "0" else "1")  # check digit
    rows[4]["统一社会信用代码"] = world.org2.credit_code  # another street's organization
    rows[5]["从业人员数"] = "很多"  # the form field's own message
    rows[6]["组织名称"] = "名" * 201  # max_length
    rows[7]["所属网格"] = "东一第9网格"  # no such grid
    rows[8]["统一社会信用代码"] = credit_code(1)  # duplicate inside the file
    rows[9]["备注"] = "=1+1"
    path = write_xlsx(tmp_path / "t.xlsx", rows, header=[*rows[0], "细分类型"])
    bulk = _run(path, world.street_user, False, monkeypatch)
    forms = _run(path, world.street_user, True, monkeypatch)
    assert len(bulk[0]) >= 8
    assert bulk[0] == forms[0]


def test_a_credit_code_taken_by_another_row_of_the_chunk_is_reported_once(world, tmp_path, monkeypatch):
    # Two spellings the file-level duplicate check does not see as one, the model normalises.
    rows = [ledger_row(1), ledger_row(2, 统一社会信用代码=credit_code(1).lower())]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    bulk = _run(path, world.street_user, False, monkeypatch)
    forms = _run(path, world.street_user, True, monkeypatch)
    assert bulk[0] == forms[0]


@pytest.mark.parametrize("employees, holds", [(0, True), (5, True), (-1, False)])
def test_check_constraints_are_evaluated_in_memory(employees, holds):
    constraint = next(c for c in Organization._meta.constraints if c.name == "organization_employees_nonnegative")
    assert validation._evaluate(constraint.condition, Organization(employees=employees)) is holds


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_values_copied_as_they_are_are_what_the_fields_would_send():
    """liangxin.ledger.bulk.AS_IS: for those field classes and value types, get_db_prep_save
    gives back the same value (or a typed wrapper with the same text)."""
    samples = {str: "测试 a'b\\c", int: 12, bool: True, datetime.date: datetime.date(2023, 5, 1), Decimal: Decimal("12.50")}
    for field_class, types in bulk.AS_IS.items():
        if field_class is models.ForeignKey:
            field = Organization._meta.get_field("region")
        elif field_class is models.DecimalField:
            field = field_class(max_digits=14, decimal_places=2)
        elif field_class is models.CharField:
            field = field_class(max_length=20)
        else:
            field = field_class()
        for kind in types:
            value = samples[kind]
            prepared = field.get_db_prep_save(value, connection)
            assert prepared == value and str(prepared) == str(value), (field_class, value, prepared)
        assert field.get_db_prep_save(None, connection) is None


@pytest.mark.parametrize("value", ["91440300MA5F00001B", "91440300ma5f00001b", " 9144 0300MA5F00001B", "９１４４", "", None, "Ⅻ1"])
def test_code_values_skip_normalization_only_where_it_changes_nothing(value):
    field = Organization._meta.get_field("credit_code")
    assert bulk.prep_value(field)(value) == field.get_prep_value(value)
    if bulk._normalized_code(value):
        assert field.get_prep_value(value) == value


def test_it_cleans_each_distinct_value_once_and_keeps_refusals():
    calls = []

    def clean(value):
        calls.append(value)
        if value == "bad":
            raise ValidationError("不行")
        return str(value)

    memo = ValueMemo(clean, ValidationError)
    assert [memo(v) for v in ("a", "a", 1, True, 1.0, 1)] == ["a", "a", "1", "True", "1.0", "1"]
    assert calls == ["a", 1, True, 1.0]  # 1, True and 1.0 are one dict key, but not one value here
    for _ in range(2):
        with pytest.raises(ValidationError, match="不行"):
            memo("bad")
    assert calls.count("bad") == 1
    assert memo(["x"]) == "['x']"  # unhashable: cleaned, not kept


def test_it_stops_keeping_values_that_never_repeat():
    memo = ValueMemo(str, ValueError, limit=10)
    for i in range(30):
        memo(i)
    assert memo.results is None  # a column of names: only the look-up would be left
    repeated = ValueMemo(str, ValueError, limit=10)
    for i in range(100):
        repeated(i % 10)
    assert len(repeated.results) == 10
