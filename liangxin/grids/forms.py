from django import forms
from django.db.models import Exists, OuterRef

from liangxin.core.formfields import PhoneFormField
from liangxin.core.forms import ScopedModelForm, _with_empty_label
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
from liangxin.grids.split import METHODS
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField


class _Form(forms.Form):
    """Bootstrap classes on every widget, as ScopedModelForm gives model forms."""

    def __init__(self, *args, region: Region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.region, self.user = region, user
        for field in self.fields.values():
            _with_empty_label(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class SplitForm(_Form):
    method = forms.ChoiceField(label="拆分方式", choices=METHODS, initial=METHODS[0][0], widget=forms.RadioSelect)
    parts = forms.IntegerField(
        label="拆分为几个网格", required=False, min_value=2, max_value=20,
        help_text="留空则按企业数上限自动计算（至少2个）。",
        error_messages={"min_value": "拆分为几个网格：至少2个。", "max_value": "拆分为几个网格：一次最多拆为20个。",
                        "invalid": "拆分为几个网格：请填写2到20之间的整数，或留空。"},
    )


class MergeForm(_Form):
    sources = forms.ModelMultipleChoiceField(
        label="并入本网格的网格", queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "并入本网格的网格：请至少勾选一个。", "invalid_choice": "并入本网格的网格：所选网格不在可合并的范围内，请重新勾选。"},
        help_text="同一社区（村、园区片区）内、未划分下级网格的在用网格。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.region
        self.fields["sources"].queryset = (
            Region.objects.scoped(self.user, "change").open()
            .filter(parent_id=region.parent_id, level=region.level).exclude(pk=region.pk)
            .exclude(Exists(Region.objects.filter(parent=OuterRef("pk"), closed_on__isnull=True))).order_by("code")
        )
        self.fields["sources"].label_from_instance = lambda r: r.name


class MoveForm(_Form):
    organizations = forms.ModelMultipleChoiceField(
        label="要调整的组织", queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "要调整的组织：请至少勾选一个组织。", "invalid_choice": "要调整的组织：所选组织已不在本网格，请刷新后重新勾选。"},
    )
    target = RegionChoiceField(
        label="调整到", queryset=Region.objects.all(),
        error_messages={"required": "调整到：请选择目标网格。", "invalid_choice": "调整到：请选择您管辖范围内在用的网格。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = (
            Organization.objects.scoped(self.user, "change").filter(region=self.region).order_by("name")
        )
        self.fields["target"].queryset = (
            Region.objects.scoped(self.user, "change").open()
            .filter(level__gte=Region.Level.COMMUNITY).exclude(pk=self.region.pk)
        )

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target.children.filter(closed_on__isnull=True).exists():
            raise forms.ValidationError(f"调整到：“{target.name}”已划分网格，请选择其下的网格。")
        return target


class OfficerForm(ScopedModelForm):
    class Meta:
        model = Officer
        fields = ["region", "duty", "name", "position", "phone", "start_date", "end_date"]
        field_classes = {"region": RegionChoiceField, "phone": PhoneFormField}
        widgets = {"phone": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__in=Officer.LEVELS)
        region.error_messages["invalid_choice"] = "所属街道/社区：请选择您管辖范围内的街道（乡镇、园区）或社区（村、园区片区），网格不设分管领导。"


class TrackingRecordForm(ScopedModelForm):
    class Meta:
        model = TrackingRecord
        fields = ["region", "recorded_on", "content"]
        field_classes = {"region": RegionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__gte=Region.Level.COMMUNITY)
        region.error_messages["invalid_choice"] = "网格：请选择您管辖范围内的网格。"

    def save(self, commit=True):
        if not self.instance.pk and self.user.pk:
            self.instance.recorded_by = self.user
        return super().save(commit)


class PromisingEmployeeForm(ScopedModelForm):
    class Meta:
        model = PromisingEmployee
        fields = ["organization", "name", "position", "reason", "noted_on"]


class ServiceCentreForm(ScopedModelForm):
    class Meta:
        model = ServiceCentre
        fields = ["name", "kind", "location", "region", "address", "area", "opened_on", "closed_on", "opening_hours",
                  "grids", "organizations", "services", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"services": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__range=(Region.Level.DISTRICT, Region.Level.COMMUNITY))
        region.error_messages["invalid_choice"] = "所属区域：请选择您管辖范围内的街道（乡镇、园区）或社区（村、园区片区）。"
        grids = self.fields["grids"]
        grids.queryset = grids.queryset.filter(level=Region.Level.GRID).open().select_related("parent").order_by("path")
        grids.label_from_instance = lambda r: r.label
        grids.widget.attrs["size"] = 8
        grids.error_messages["invalid_choice"] = "服务网格：请只选择您管辖范围内在用的网格。"
        self.fields["organizations"].widget.attrs["size"] = 6


class CentreSubsidyForm(ScopedModelForm):
    class Meta:
        model = CentreSubsidy
        fields = ["centre", "year", "kind", "amount", "granted_by", "granted_on", "document", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"amount": {"invalid": "金额：请填写数字金额（元），最多两位小数，如 100000.00。",
                                     "max_decimal_places": "金额：最多两位小数（精确到分）。",
                                     "max_digits": "金额：数额过大，请核对（单位为元）。",
                                     "max_whole_digits": "金额：数额过大，请核对（单位为元）。"},
                          "year": {"invalid": "年度：请填写四位年份，如 2016。"}}


class RolloutStateForm(ScopedModelForm):
    class Meta:
        model = RolloutState
        fields = ["region", "pilot", "pilot_since", "divided_on", "system_on", "training_on", "rolled_out_on", "in_assessment", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__in=RolloutState.LEVELS)
        region.error_messages["invalid_choice"] = "区域：请选择您管辖范围内的区县或街道（乡镇、园区）。"


class JointMeetingForm(ScopedModelForm):
    class Meta:
        model = JointMeeting
        fields = ["region", "held_on", "title", "attendees", "decisions", "follow_ups", "follow_up_due", "follow_up_done_on"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"attendees": forms.Textarea(attrs={"rows": 4}), "decisions": forms.Textarea(attrs={"rows": 4}),
                   "follow_ups": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__in=RolloutState.LEVELS)
        region.error_messages["invalid_choice"] = "召开单位：请选择您管辖范围内的区县或街道（乡镇、园区）。"


def _place_field(form) -> None:
    region = form.fields["region"]
    region.queryset = region.queryset.filter(level__gte=Region.Level.STREET).open()
    region.required = False
    region.error_messages["invalid_choice"] = "网格/区域：请选择您管辖范围内的街道、社区或网格。"
    form.fields["organization"].error_messages["invalid_choice"] = "联系的组织：请选择您管辖范围内的组织。"


class ContactPointForm(ScopedModelForm):
    class Meta:
        model = ContactPoint
        fields = ["leader_name", "leader_position", "organization", "region", "start_date", "end_date", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _place_field(self)


class ContactVisitForm(ScopedModelForm):
    class Meta:
        model = ContactVisit
        fields = ["contact_point", "visited_on", "content", "problems", "follow_up"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "problems": forms.Textarea(attrs={"rows": 2}),
                   "follow_up": forms.Textarea(attrs={"rows": 2})}


class DemonstrationPointForm(ScopedModelForm):
    class Meta:
        model = DemonstrationPoint
        fields = ["name", "organization", "region", "designated_on", "designated_by", "reasons", "review_due", "reviewed_on", "status"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _place_field(self)
        self.fields["organization"].error_messages["invalid_choice"] = "组织：请选择您管辖范围内的组织。"
