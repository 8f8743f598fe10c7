from django import forms, template
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from liangxin.core import personal
from liangxin.core.links import opens_for

register = template.Library()


def _display(obj, field, user):
    value = getattr(obj, field.name)
    if value is None or value == "":
        return None
    kind = personal.kind_of(type(obj), field.name)
    if kind is not None:
        lvl = personal.level(user, kind)
        if lvl == personal.Level.HIDDEN:
            return None
        if lvl == personal.Level.MASKED:
            return personal.apply(kind, lvl, str(value))
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.ForeignKey):
        return link_or_text(user, value)
    return value


def link_or_text(user, obj, text=None):
    """A link to an object's page when it opens for `user`, else its name as plain text."""
    text = str(obj) if text is None else text
    try:
        url = reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_detail", args=[obj.pk])
    except NoReverseMatch:
        return text
    return format_html('<a href="{}">{}</a>', url, text) if opens_for(user, url) else text


@register.inclusion_tag("core/includes/field_rows.html", takes_context=True)
def field_rows(context, obj, names: str):
    """Label/value rows for a detail page: choices by label, relations linked where their page
    opens for the user, personal data as the viewer's role may see it (liangxin.core.personal: a hidden value shows the placeholder)."""
    user = context.get("user")
    rows = []
    for name in names.split(","):
        field = obj._meta.get_field(name.strip())
        rows.append((field.verbose_name, _display(obj, field, user)))
    return {"rows": rows}


@register.simple_tag(takes_context=True)
def shown(context, obj, name: str):
    """One attribute of an object as the viewer may see it (`{% shown a.instructor "name" %}`);
    the placeholder when hidden."""
    value = personal.present(context.get("user"), type(obj), name, getattr(obj, name))
    return personal.PLACEHOLDER if value is None or value == "" else value


@register.simple_tag(takes_context=True)
def sees(context, kind: str) -> bool:
    """Whether the viewer sees anything of a kind of personal data (`{% sees "name" as names %}`)."""
    return personal.level(context.get("user"), kind) > personal.Level.HIDDEN


@register.simple_tag(takes_context=True)
def link(context, obj, text=None):
    """`{% link obj %}`: the object's name, linked to its page only when that page opens for
    the user (issue 12: no link that answers 403 or 404)."""
    return link_or_text(context.get("user"), obj, text)


@register.simple_tag(takes_context=True)
def opens(context, view_name, *args):
    """`{% opens 'app:name' arg as ok %}`: whether that page opens for the user, for a button
    or link that should be shown only then."""
    try:
        url = reverse(view_name, args=args)
    except NoReverseMatch:
        return False
    return opens_for(context.get("user"), url)


@register.filter(name="opens_for")
def opens_for_filter(url, user) -> bool:
    """`{% if href|opens_for:user %}`: the same for a URL already built."""
    return opens_for(user, url)


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


def _logged_model(entry):
    return entry.content_type.model_class() if entry.content_type_id else None


@register.simple_tag(takes_context=True)
def visible_changes(context, entry) -> list[tuple[str, object, object]]:
    """A change-log row's changed fields with personal values as the viewer may see them (the
    stored snapshot is masked already; a hidden value reads as the placeholder)."""
    model, user = _logged_model(entry), context.get("user")
    if model is None:
        return entry.changed_field_labels()
    labels = [label for label, _, _ in entry.changed_field_labels()]  # each field by its Chinese name
    return [(label, personal.present(user, model, name, old), personal.present(user, model, name, new))
            for label, (name, old, new) in zip(labels, entry.changed_fields(), strict=True)]


@register.simple_tag(takes_context=True)
def logged_object(context, entry) -> str:
    """A change-log row's object: a person's name as the viewer may see it."""
    model = _logged_model(entry)
    if model is None or not personal.is_person(model):
        return entry.object_repr
    return personal.apply(personal.Kind.NAME, personal.level(context.get("user"), personal.Kind.NAME), entry.object_repr) or personal.PLACEHOLDER
