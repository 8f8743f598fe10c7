import django_tables2 as tables

from liangxin.core.personal import Kind
from liangxin.core.tables import BaseTable
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    WorkPlan,
)


class InstructorTable(BaseTable):
    phone_columns = ("name", "dispatching_unit")
    name = tables.Column(linkify=True)
    region = tables.Column(verbose_name="管理街道/园区", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Instructor
        fields = ("name", "dispatching_unit", "position", "source", "full_time", "region", "left_on")
        empty_text = "没有符合条件的指导员。"


class AssignmentTable(BaseTable):
    phone_columns = ("organization", "instructor")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url())
    instructor = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Assignment
        fields = ("organization", "instructor", "start_date", "end_date", "reason")
        empty_text = "没有联系记录。"


class WorkPlanTable(BaseTable):
    phone_columns = ("organization", "year", "completed")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = WorkPlan
        fields = ("organization", "year", "instructor", "demonstration_point", "completed")
        empty_text = "没有工作计划。"


class VisitTable(BaseTable):
    phone_columns = ("date", "organization")
    date = tables.Column(linkify=True)
    minutes = tables.Column(verbose_name="时长")
    activities = tables.Column(verbose_name="工作内容", orderable=False)

    class Meta(BaseTable.Meta):
        model = Visit
        fields = ("date", "organization", "instructor", "minutes", "activities", "follow_up_done")
        empty_text = "没有走访记录。"

    def render_minutes(self, record):
        return record.duration_text

    def render_activities(self, record):
        return "、".join(record.activity_labels)


class MajorEventReportTable(BaseTable):
    phone_columns = ("organization", "kind", "status")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = MajorEventReport
        fields = ("organization", "kind", "event_date", "report_date", "days_to_report", "instructor", "status")
        empty_text = "没有重大事项报告。"


class LeaveTable(BaseTable):
    phone_columns = ("instructor", "start_date", "days")
    instructor = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = Leave
        fields = ("instructor", "start_date", "end_date", "days", "reason")
        empty_text = "没有请假记录。"


class TrainingRecordTable(BaseTable):
    phone_columns = ("title", "date")
    title = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = TrainingRecord
        fields = ("title", "instructor", "date", "organizer", "hours")
        empty_text = "没有培训记录。"


class QuarterlyMeetingTable(BaseTable):
    phone_columns = ("date", "region")
    date = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = QuarterlyMeeting
        fields = ("date", "region", "title")
        empty_text = "没有例会记录。"


class SpotCheckTable(BaseTable):
    phone_columns = ("date", "instructor", "result")
    date = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = SpotCheck
        fields = ("date", "instructor", "region", "randomly_selected", "result")
        empty_text = "没有抽查记录。"


class EvaluationTable(BaseTable):
    phone_columns = ("instructor", "total_score", "grade")
    instructor = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = Evaluation
        fields = ("instructor", "year", "half", "dispatching_unit", "quantitative_score", "total_score", "grade", "adjusted_on")
        empty_text = "没有考评记录。"


class ComplianceTable(BaseTable):
    """The committee's page: one row per instructor, built from aggregates (sortable in memory)."""

    phone_columns = ("name", "week", "half")
    personal_columns = {"name": Kind.NAME}
    name = tables.Column(verbose_name="指导员", linkify=lambda record: record["url"])
    dispatching_unit = tables.Column(verbose_name="派出单位")
    organizations = tables.Column(verbose_name="联系组织")
    # Computed columns (no key of their own in the row): empty_values=() makes the table call
    # render_* instead of printing its "—" placeholder.
    week = tables.Column(verbose_name="本周（分钟）", order_by=("week_minutes",), empty_values=())
    quarter = tables.Column(verbose_name="本季度达标周", order_by=("quarter_rate",), empty_values=())
    half = tables.Column(verbose_name="本半年达标周", order_by=("half_rate",), empty_values=())
    visits = tables.Column(verbose_name="本半年走访")
    unvisited = tables.Column(verbose_name="超期未走访组织")
    last_visit = tables.DateColumn(verbose_name="最近走访", format="Y-m-d")

    class Meta(BaseTable.Meta):
        empty_text = "没有在册指导员。"
        order_by = ("half",)

    def render_week(self, record):
        return f"{record['week_minutes']}/{record['week_required']}" + ("（免）" if not record["week_counted"] else "")

    def render_quarter(self, record):
        return f"{record['quarter_met']}/{record['quarter_required']}"

    def render_half(self, record):
        return f"{record['half_met']}/{record['half_required']}"
