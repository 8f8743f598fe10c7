"""The checklists' workflow: the secretary submits an item's evidence; the street verifies it
or returns it with a reason (the secretary corrects and submits again)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.assessments.models import ChecklistEntry
from liangxin.audit.log import tracked

VERIFY_PERMISSION = "assessments.verify_checklistentry"


def may_submit(user, entry: ChecklistEntry) -> bool:
    """The secretary (or anyone who may change entries in the jurisdiction) fills an item
    until the street has verified it."""
    return (entry.status != ChecklistEntry.Status.VERIFIED
            and ChecklistEntry.objects.scoped(user, "change").filter(pk=entry.pk).exists())


def may_review(user, entry: ChecklistEntry) -> bool:
    return (entry.status == ChecklistEntry.Status.SUBMITTED and user.has_perm(VERIFY_PERMISSION)
            and ChecklistEntry.objects.scoped(user).filter(pk=entry.pk).exists())


def submit(entry: ChecklistEntry, user, *, area=None, systems: str = "", note: str = "", photo=None) -> ChecklistEntry:
    if not may_submit(user, entry):
        raise PermissionDenied("这一项已核实，或不在您的管辖范围内，不能再填报。")
    with transaction.atomic(), tracked(entry):
        entry.area, entry.systems, entry.note = area, systems or "", note or ""
        if photo is not None:
            content_type, suffix = photo.sniffed_type
            photo.name = f"evidence{suffix}"
            entry.image, entry.content_type = photo, content_type
        entry.status, entry.submitted_on, entry.return_reason = ChecklistEntry.Status.SUBMITTED, timezone.localdate(), ""
        entry.full_clean()
        entry.save()
    return entry


def review(entry: ChecklistEntry, user, verify: bool, reason: str = "") -> ChecklistEntry:
    if not may_review(user, entry):
        raise PermissionDenied("只有街道（乡镇、园区）可以核实或退回待核实的填报。")
    reason = (reason or "").strip()
    if not verify and not reason:
        raise ValidationError({"return_reason": "退回时请填写退回原因，告诉书记需要怎样补充或整改。"})
    with transaction.atomic(), tracked(entry):
        entry.reviewed_by, entry.reviewed_on = user, timezone.localdate()
        entry.status = ChecklistEntry.Status.VERIFIED if verify else ChecklistEntry.Status.RETURNED
        entry.return_reason = "" if verify else reason
        entry.save()
    return entry
