"""The archive (STD-5, 001 二(一)4: 以图片资料形式，按照统一标准分类建档): activities counted by
year and kind, and the zip a reviewer asks for — a folder per year and kind, in it a folder per
activity with its record (记录.txt) and photos, and an index spreadsheet (索引.xlsx) listing
every activity with its folder. The index is written by the ledger's xlsx writer (values only,
formulas neutralised)."""

from __future__ import annotations

import io
import re
import zipfile

from django.db.models import Count, Prefetch

from liangxin.core import personal
from liangxin.ledger.columns import Column, Layout
from liangxin.ledger.exporting import Export, write_export
from liangxin.partylife.models import Activity, ActivityKind, Attendance

ROOT = "组织生活档案"
INDEX = "索引.xlsx"
# A zip is built in the request: a party organization's years, or a street's year narrowed by
# kind. Past these, the user is asked to narrow the filter.
MAX_ACTIVITIES = 1000
MAX_PHOTO_BYTES = 500 * 1024 * 1024

INDEX_LAYOUT = Layout("activity_archive", "组织生活档案索引", [
    Column("year", "年度", "int", width=8),
    Column("kind", "活动类别", width=14),
    Column("date", "日期", "date", width=12),
    Column("party_org", "党组织", width=30),
    Column("topic", "主题", width=30),
    Column("place", "地点", width=16),
    Column("hours", "时长（小时）", "decimal", width=10),
    Column("present", "出席人数", "int", width=10),
    Column("absent", "缺席人数", "int", width=10),
    Column("photos", "照片数", "int", width=8),
    Column("folder", "档案文件夹", width=50),
])

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str, limit: int = 40) -> str:
    """A folder or file name that every system accepts: no separators or reserved characters."""
    return _UNSAFE.sub("_", str(text)).strip("._")[:limit] or "未命名"


def year_kind_counts(activities) -> tuple[list[int], list[ActivityKind], dict[tuple[int, int], int]]:
    """The archive's table: years (newest first), the kinds used, and the count of each pair,
    in one grouped query."""
    rows = activities.order_by().values("date__year", "kind").annotate(n=Count("pk"))
    counts = {(row["date__year"], row["kind"]): row["n"] for row in rows}
    years = sorted({year for year, _ in counts}, reverse=True)
    kinds = list(ActivityKind.objects.filter(pk__in={kind for _, kind in counts}))
    return years, kinds, counts


def folder_of(activity: Activity) -> str:
    return (f"{ROOT}/{activity.date.year}年/{safe_name(activity.kind.name)}/"
            f"{activity.date:%Y-%m-%d}_{safe_name(activity.party_org.name, 30)}_{safe_name(activity.topic, 30)}_{activity.pk}")


def _record_text(activity: Activity, user) -> str:
    def name(member) -> str:
        return personal.label(user, member) or personal.PLACEHOLDER

    present = [a for a in activity.attendance.all() if a.present]
    absent = [a for a in activity.attendance.all() if not a.present]
    lines = [
        f"活动类别：{activity.kind.name}",
        f"党组织：{activity.party_org.name}",
        f"日期：{activity.date:%Y-%m-%d}",
        f"地点：{activity.place}",
        f"时长：{activity.hours}小时",
        f"主持人：{personal.present(user, Activity, 'host', activity.host) or '—'}",
        f"主题：{activity.topic}",
        f"出席（{len(present)}人）：{'、'.join(name(a.member) for a in present) or '—'}",
        f"缺席（{len(absent)}人）：{'；'.join(name(a.member) + '（' + (a.reason or '未说明原因') + '）' for a in absent) or '—'}",
        "",
        "内容纪要：",
        activity.minutes,
    ]
    return "\n".join(lines) + "\n"


class _IndexExport(Export):
    def __init__(self, rows):
        super().__init__("activity_archive", INDEX_LAYOUT.title, INDEX_LAYOUT, "partylife.view_activity")
        self._rows = rows

    def queryset(self, user, params):
        return self._rows

    def rows(self, queryset, user):
        for row in queryset:
            yield [row[column.key] for column in self.layout.columns]


class TooLarge(Exception):
    """The filtered archive is larger than a zip built in one request may be."""


def archive_queryset(activities):
    return (activities.select_related("kind", "party_org").order_by("date", "pk")
            .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.select_related("member")), "photos"))


def write_archive(activities, user, out) -> int:
    """Write the zip of `activities` (already scoped and filtered) to `out`; returns the
    number of activities. Raises TooLarge past MAX_ACTIVITIES or MAX_PHOTO_BYTES."""
    total = activities.count()
    if total > MAX_ACTIVITIES:
        raise TooLarge(f"筛选出{total}条记录，一次最多导出{MAX_ACTIVITIES}条：请按年度、党组织或活动类别缩小范围后再导出。")
    index_rows = []
    written = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for activity in archive_queryset(activities):
            folder = folder_of(activity)
            archive.writestr(f"{folder}/记录.txt", _record_text(activity, user))
            photos = list(activity.photos.all())
            for number, photo in enumerate(photos, start=1):
                written += photo.size
                if written > MAX_PHOTO_BYTES:
                    raise TooLarge("照片总量超过一次导出的上限：请按年度、党组织或活动类别缩小范围后再导出。")
                suffix = {"image/png": ".png", "image/webp": ".webp"}.get(photo.content_type, ".jpg")
                try:
                    with photo.image.open("rb") as handle:
                        archive.writestr(f"{folder}/照片{number:02d}{suffix}", handle.read())
                except FileNotFoundError:
                    archive.writestr(f"{folder}/照片{number:02d}-文件缺失.txt", "照片文件不存在。\n")
            index_rows.append({
                "year": activity.date.year, "kind": activity.kind.name, "date": activity.date,
                "party_org": activity.party_org.name, "topic": activity.topic, "place": activity.place,
                "hours": activity.hours, "present": sum(1 for a in activity.attendance.all() if a.present),
                "absent": sum(1 for a in activity.attendance.all() if not a.present), "photos": len(photos),
                "folder": folder.removeprefix(f"{ROOT}/"),
            })
        index = io.BytesIO()
        write_export(_IndexExport(index_rows), user, None, index)
        archive.writestr(f"{ROOT}/{INDEX}", index.getvalue())
    return total
