"""Writing the change log. Every write path (UI views, API viewsets, imports) goes through
`tracked`, so each change leaves exactly one row with its masked before/after state."""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType

from liangxin.audit import chain, context
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import path_of


def record(action: str, obj=None, *, before=None, after=None, detail: str = "", user=None, region_path=None) -> ChangeLog:
    entry = _entry(action, obj, before=before, after=after, detail=detail, user=user, region_path=region_path)
    entry.save()
    return entry


def _entry(action: str, obj=None, *, before=None, after=None, detail: str = "", user=None, region_path=None, ctx=None) -> ChangeLog:
    """The unsaved log row `record` writes (`ctx`: the request context, when the caller
    writes many rows for one request). Relations are set by id: nothing reads them back."""
    ctx = ctx or context.current()
    actor = user if user is not None else ctx.actor
    return ChangeLog(
        user_id=actor.pk if actor is not None and actor.pk else None,
        username=getattr(actor, "username", "") or "",
        ip=ctx.ip,
        request_id=ctx.request_id,
        action=action,
        content_type_id=ContentType.objects.get_for_model(obj).pk if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        region_path=region_path if region_path is not None else path_of(obj),
        before=before,
        after=after,
        detail=detail[:500],
    )


def update_action(obj, before: dict, after: dict) -> str:
    """The kind of an update's log row: the object may name a security event of its own (a
    user's password set anew is a password change), else an update."""
    name = getattr(obj, "audit_update_action", None)
    return name(before, after) if name is not None else ChangeLog.Action.UPDATE


class Tracker:
    def __init__(self, obj):
        self.obj = obj
        self.creating = obj.pk is None
        # obj.__class__, not type(obj): request.user is a SimpleLazyObject, whose type has no
        # manager while its __class__ is the user model's.
        self.before: dict | None = None if self.creating else obj.__class__.objects.get(pk=obj.pk).audit_snapshot()

    def finish(self) -> ChangeLog | None:
        after = self.obj.audit_snapshot()
        if self.before is None:  # created
            return record(ChangeLog.Action.CREATE, self.obj, after=after)
        if after == self.before:
            return None  # saved without a change: nothing to log
        return record(update_action(self.obj, self.before, after), self.obj, before=self.before, after=after)


def saved_entries(changes) -> list[ChangeLog]:
    """The bulk form of `tracked`, for objects already saved in bulk: `changes` is a list of
    (obj, before) with before=None for an object just created and the `audit_snapshot()` taken
    before the change otherwise (m2m: an optional dict of many-to-many pks for the snapshot,
    as a third item). One unsaved row per created or changed object, exactly as `tracked`
    writes it, for the caller to insert its own way (the ledger import streams them with COPY),
    in this order, inside its transaction. They come stamped with their row_macs
    (liangxin.audit.chain) and are sealed into the chain, all at once, after it commits."""
    entries = []
    ctx = context.current()  # one request (outside one: one request id for the batch)
    for obj, before, *m2m in changes:
        after = obj.audit_snapshot(*m2m)
        if before is None:
            entries.append(_entry(ChangeLog.Action.CREATE, obj, after=after, ctx=ctx))
        elif after != before:
            entries.append(_entry(update_action(obj, before, after), obj, before=before, after=after, ctx=ctx))
    return chain.stamp(entries)


@contextmanager
def tracked(obj):
    """Around a create or update (including its many-to-many changes): one log row after."""
    tracker = Tracker(obj)
    yield tracker
    tracker.finish()


def delete_tracked(obj) -> None:
    """Delete with its log row written first; callers hold a transaction, so a refused delete
    (a protected relation) leaves no row behind."""
    record(ChangeLog.Action.DELETE, obj, before=obj.audit_snapshot())
    obj.delete()
