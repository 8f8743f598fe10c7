"""The region picker: every form field and filter that picks a region.

Regions repeat their names ("第1网格" in every community), so an option names its whole path
below the district ("平湖街道 / 鹤背社区 / 第1网格"), in tree order. That alone makes the plain
<select> usable; region-picker.js then turns it into a searchable box (Tom Select, from npm)
that shows the tree by indentation, finds a region by any part of its path, and shows the
chosen region's path. The choices stay the field's queryset (the user's jurisdiction) and the
server validates the value as any ModelChoiceField does.
"""

from django import forms
from django.forms.models import ModelChoiceIterator

from liangxin.regions.models import Region

# Path labels start below these levels: everyone works inside one district.
ABOVE_PATH = Region.Level.DISTRICT
SEPARATOR = " / "


class RegionChoiceIterator(ModelChoiceIterator):
    """The queryset's regions in tree order (a parent, then its children by code), each
    labelled with its path: one query for the regions, one for the names of ancestors the
    choices do not include (a street user's district, say)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        regions = list(self.queryset)
        names = {region.pk: region.name for region in regions}
        levels = {region.pk: region.level for region in regions}
        ancestor_ids = {int(part) for region in regions for part in region.path.split("/") if part}
        missing = ancestor_ids - names.keys()
        if missing:
            for pk, name, level in Region.objects.filter(pk__in=missing).values_list("pk", "name", "level"):
                names[pk], levels[pk] = name, level
        top_level = min((region.level for region in regions), default=0)
        for region in _tree_order(regions):
            ids = [int(part) for part in region.path.split("/") if part]
            above = [names[pk] for pk in ids[:-1] if pk in names and levels[pk] > ABOVE_PATH]
            region.path_label = SEPARATOR.join([*above, region.name])
            region.picker_data = {
                "name": region.name, "above": SEPARATOR.join(above), "depth": min(region.level - top_level, 5),
                # Chinese is typed without spaces: the path run together matches "鹤背社区第1".
                "search": "".join([*above, region.name]),
            }
            yield self.choice(region)


def _tree_order(regions: list[Region]) -> list[Region]:
    by_parent: dict[int | None, list[Region]] = {}
    present = {region.pk for region in regions}
    for region in regions:
        by_parent.setdefault(region.parent_id if region.parent_id in present else None, []).append(region)
    ordered: list[Region] = []

    def visit(parent_id):
        for region in sorted(by_parent.get(parent_id, []), key=lambda r: (r.level, r.code)):
            ordered.append(region)
            visit(region.pk)

    visit(None)
    return ordered


class RegionSelect(forms.Select):
    """A <select> the region picker enhances; each option carries what the picker shows."""

    def __init__(self, attrs=None):
        super().__init__({"data-region-picker": "", **(attrs or {})})

    class Media:
        css = {"all": ("vendor/tom-select/css/tom-select.bootstrap5.min.css",)}
        js = ("vendor/tom-select/js/tom-select.base.min.js", "liangxin/region-picker.js")

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        data = getattr(getattr(value, "instance", None), "picker_data", None)
        if data is not None:
            # data-* attributes: the picker reads them as each option's fields (its dataset).
            option["attrs"].update({f"data-{key}": str(item) for key, item in data.items()})
        return option


class RegionChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over regions, labelled with their paths, in the region picker."""

    iterator = RegionChoiceIterator
    widget = RegionSelect

    def __init__(self, queryset, **kwargs):
        # A closed (merged) grid is history: nothing new is put in it.
        super().__init__(queryset.filter(closed_on__isnull=True), **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, "path_label", None) or obj.label
