"""The roll-out of grid management (GRID-7, 002 三 and 四 1): each county's and street's state
(pilot, 划片分格, system, training, full roll-out), dated so that the deadlines of the phases
(parameters in liangxin.grids.parameters, the seed's 2016 dates by default) can be checked; and
the joint meetings (联席会议) of the departments that coordinate it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel
from liangxin.regions.models import Region


class RolloutState(BaseModel):
    """Where a county, street, town or park stands in the roll-out: one row per region, each step
    the date it was done (empty: not yet). 002 三 2: 完成对整个县区的划片分格,建立网格化管理制度和
    考评机制,落实县区、街道、乡镇责任,开展相关党务人员的培训."""

    LEVELS = (Region.Level.DISTRICT, Region.Level.STREET)

    region = models.OneToOneField("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="rollout",
                                  help_text="区县，或街道（乡镇、园区）。")
    pilot = models.BooleanField("试点单位", default=False, help_text="园区试点或城乡试点的乡镇、街道（002 三 1、2）。")
    pilot_since = models.DateField("启动试点日期", null=True, blank=True)
    divided_on = models.DateField("完成划片分格日期", null=True, blank=True)
    system_on = models.DateField("建立管理制度和考评机制日期", null=True, blank=True)
    training_on = models.DateField("开展党务人员培训日期", null=True, blank=True)
    rolled_out_on = models.DateField("全面推行日期", null=True, blank=True)
    in_assessment = models.BooleanField("已纳入目标考核和书记述职", default=False,
                                        help_text="网格化管理纳入基层党建目标考核和党组织书记党建述职范围（002 三 2）。")
    notes = models.TextField("推进情况", blank=True)

    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "网格化管理推进情况"
        verbose_name_plural = "网格化管理推进情况"
        ordering = ["region__path"]

    def __str__(self):
        return f"{self.region.name}推进情况"

    def clean(self):
        super().clean()
        errors = {}
        if self.region_id and self.region.level not in self.LEVELS:
            errors["region"] = "区域：请选择区县或街道（乡镇、园区），社区和网格的进度随所属街道登记。"
        if self.pilot and not self.pilot_since:
            errors["pilot_since"] = "启动试点日期：试点单位请填写启动试点的日期。"
        today = timezone.localdate()
        for name in ("pilot_since", "divided_on", "system_on", "training_on", "rolled_out_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = f"{self._meta.get_field(name).verbose_name}：不能晚于今天，尚未完成的请留空。"
        if errors:
            raise ValidationError(errors)


class JointMeeting(BaseModel):
    """A 联席会议 (002 四 1: 有条件的可建立包括辖区重点企业、工商、税务等单位参与的党建工作联席会议制度,
    协调解决工作中存在的问题): who attended, what was decided, what follows and by when."""

    region = models.ForeignKey("regions.Region", verbose_name="召开单位", on_delete=models.PROTECT, related_name="joint_meetings",
                               help_text="召集会议的区县或街道（乡镇、园区）。")
    held_on = models.DateField("会议日期", default=timezone.localdate)
    title = models.CharField("会议名称", max_length=200, help_text="例如：2016年第二季度非公党建工作联席会议。")
    attendees = models.TextField("参会单位", help_text="每行一个单位，如：区工商局、区税务局、重点企业党组织。")
    decisions = models.TextField("议定事项")
    follow_ups = models.TextField("落实事项", blank=True, help_text="会后由谁落实什么。")
    follow_up_due = models.DateField("落实期限", null=True, blank=True)
    follow_up_done_on = models.DateField("落实完成日期", null=True, blank=True)

    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "联席会议"
        verbose_name_plural = "联席会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in RolloutState.LEVELS:
            raise ValidationError({"region": "召开单位：请选择区县或街道（乡镇、园区）。"})
        if self.follow_up_due and not self.follow_ups.strip():
            raise ValidationError({"follow_ups": "落实事项：填写了落实期限，请写明要落实的事项。"})
        if self.follow_up_due and self.held_on and self.follow_up_due < self.held_on:
            raise ValidationError({"follow_up_due": "落实期限不能早于会议日期。"})
