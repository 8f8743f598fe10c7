from django import forms, template
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from liangxin.core.fields import EncryptedCharField
from liangxin.core.masking import mask

register = template.Library()


def _display(obj, field):
    value = getattr(obj, field.name)
    if value is None or value == "":
        return None
    if isinstance(field, EncryptedCharField):
        return mask(value, field.mask)
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.ForeignKey):
        try:
            url = reverse(f"{value._meta.app_label}:{value._meta.model_name}_detail", args=[value.pk])
        except NoReverseMatch:
            return str(value)
        return format_html('<a href="{}">{}</a>', url, value)
    return value


@register.inclusion_tag("core/includes/field_rows.html")
def field_rows(obj, names: str):
    """Label/value rows for a detail page: choices by label, personal data masked, relations linked."""
    rows = []
    for name in names.split(","):
        field = obj._meta.get_field(name.strip())
        rows.append((field.verbose_name, _display(obj, field)))
    return {"rows": rows}


@register.filter
def masked_id(value):
    return mask(value, "mask_id_number")


@register.filter
def labelled(error: str, label: str) -> str:
    """An error shown under its field, naming the field once: our messages already name it
    (统一社会信用代码校验位不正确…), Django's generic ones do not (这个字段是必填项。)."""
    return error if str(label) in str(error) else f"{label}：{error}"


@register.simple_tag(takes_context=True)
def page_media(context, kind: str) -> str:
    """The static files ("css" or "js") the widgets of the page's form and filter form declare
    (the region picker's), each once, as files: the pages carry no inline script."""
    media = forms.Media()
    form = context.get("form")
    if isinstance(form, forms.BaseForm):
        media += form.media
    filterset = context.get("filterset")
    if filterset is not None and hasattr(filterset, "form"):
        media += filterset.form.media
    return str(media[kind])
