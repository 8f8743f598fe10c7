from liangxin.core.forms import ScopedModelForm
from liangxin.organizations.models import Organization
from liangxin.regions.widgets import RegionChoiceField


class OrganizationForm(ScopedModelForm):
    class Meta:
        model = Organization
        fields = [
            "name", "kind", "subtype", "credit_code", "industry", "scale", "status", "region", "address",
            "owner_name", "owner_is_member", "employees", "payroll", "founded_on",
            "reported_formal_members", "reported_probationary_members",
            "has_union", "has_youth_league", "has_women_federation", "notes",
        ]
        field_classes = {"region": RegionChoiceField}
