"""The development pipeline as data (MEM-4, 《中国共产党发展党员工作细则》): the order of the
stages, who decides each step, whether it needs the two formal members (培养联系人 / 入党介绍人),
and the documents each step needs (its checklist). The model's clean() and the forms read them;
nothing here touches the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL = "applicant", "activist", "candidate", "probationary", "full"
ORDER = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL)


@dataclass(frozen=True)
class StepSpec:
    stage: str
    action: str  # what the step is called on the button
    decision: str  # DevelopmentStep.Decision value; "" for the application itself
    contacts: str  # the label of the two formal members the step names; "" if it names none
    documents: tuple[tuple[str, str], ...]
    approval: bool = False  # needs the date of the higher committee's approval (上级党委审批)


STEPS = {
    APPLICANT: StepSpec(APPLICANT, "登记入党申请", "", "", (("application", "入党申请书"),)),
    ACTIVIST: StepSpec(ACTIVIST, "确定为入党积极分子", "branch_committee", "培养联系人", (
        ("recommendation", "党员推荐、群团组织推优材料"),
        ("committee_minutes", "支部委员会研究决定记录"),
        ("filing", "报上级党委备案材料"),
        ("record_book", "入党积极分子培养教育考察登记表"),
    )),
    CANDIDATE: StepSpec(CANDIDATE, "列为发展对象", "branch_committee", "入党介绍人", (
        ("opinions", "党小组、培养联系人、党员和群众意见"),
        ("committee_minutes", "支部委员会讨论记录"),
        ("filing", "报上级党委备案材料"),
        ("quarterly_reports", "培养考察期间的思想汇报"),
    )),
    PROBATIONARY: StepSpec(PROBATIONARY, "接收为预备党员", "branch_meeting", "", (
        ("political_review", "政治审查综合材料"),
        ("training", "集中培训结业证明"),
        ("pre_review", "上级党委预审意见"),
        ("application_form", "入党志愿书"),
        ("meeting_resolution", "支部大会决议"),
        ("approval", "上级党委审批意见"),
    ), approval=True),
    FULL: StepSpec(FULL, "转为正式党员", "branch_meeting", "", (
        ("conversion_application", "转正申请书"),
        ("meeting_resolution", "支部大会决议"),
        ("approval", "上级党委审批意见"),
    ), approval=True),
}


def next_stage(category: str) -> str | None:
    """The stage a person at `category` moves to next (None for a full member)."""
    index = ORDER.index(category)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February → 1 March): an age or a probation year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


def missing_documents(stage: str, documents) -> list[str]:
    """The labels of the step's documents not ticked, in the checklist's order."""
    have = set(documents or ())
    return [label for key, label in STEPS[stage].documents if key not in have]
