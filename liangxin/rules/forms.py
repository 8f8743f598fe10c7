from liangxin.core.forms import ScopedModelForm
from liangxin.regions.widgets import RegionChoiceField
from liangxin.rules.models import ParameterOverride


class ParameterOverrideForm(ScopedModelForm):
    class Meta:
        model = ParameterOverride
        fields = ["key", "region", "value", "effective_from", "reason"]
        field_classes = {"region": RegionChoiceField}
