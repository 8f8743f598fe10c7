"""The base of every page. A page states its model, filterset, table and form; scoping,
permissions (403 for the role, 404 outside the jurisdiction), validation and the change log
happen here and nowhere else."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin
from django_filters import FilterSet
from django_htmx.middleware import HtmxDetails
from django_tables2 import Table

from liangxin.audit.log import delete_tracked, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core.models import ScopedQuerySet, may
from liangxin.core.pagination import DEFAULT_PAGE_SIZE, paginate
from liangxin.core.scoping import check_still_in_scope


class HtmxHttpRequest(HttpRequest):
    """A request as our middleware leaves it (django-htmx adds `htmx`): for the type checker."""

    htmx: HtmxDetails


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


class ObjectViewMixin(LoginRequiredMixin, ContextMixin):
    # Every page states its model (any model with a ScopedQuerySet manager: BaseModel's, or the
    # change log's); the queryset only when it selects or annotates more.
    model: type[Any]
    queryset: ScopedQuerySet | None = None
    action = "view"
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permitted(request.user, self.action):
            raise PermissionDenied("您的角色没有此操作的权限。")
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def permitted(cls, user, action: str) -> bool:
        return may(user, cls.model, action)

    @classmethod
    def action_for(cls, kwargs: dict) -> str:
        return cls.action

    @classmethod
    def scoped_queryset(cls, user, action: str):
        queryset = cls.queryset if cls.queryset is not None else cls.model.objects.all()
        return queryset.scoped(user, action)

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        """What dispatch and get_object would answer (core.links): the role's permission, then
        the object inside the jurisdiction."""
        action = cls.action_for(kwargs)
        if not cls.permitted(user, action):
            return False
        return "pk" not in kwargs or cls.scoped_queryset(user, action).filter(pk=kwargs["pk"]).exists()

    def get_queryset(self):
        return self.scoped_queryset(self.request.user, self.action)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, opts = self.request.user, self.model._meta
        obj = kwargs.get("object")

        def may(action: str) -> bool:
            # An object's buttons ask its own scope for the action too: a role may read more than
            # it may change (a street reads the district's units paired in its street).
            if not self.permitted(user, action):
                return False
            return obj is None or obj.pk is None or self.scoped_queryset(user, action).filter(pk=obj.pk).exists()

        context.update(
            opts=opts,
            list_url=reverse(url_name(self.model, "list")),
            can_add=self.permitted(user, "add"),
            can_change=may("change"),
            can_delete=may("delete"),
        )
        return context


class ObjectListView(ObjectViewMixin, TemplateView):
    filterset_class: type[FilterSet]
    table_class: type[Table]
    template_name = "core/object_list.html"
    paginate_by = DEFAULT_PAGE_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        table = self.table_class(filterset.qs, user=self.request.user)
        paginate(self.request, table, self.paginate_by)
        context.update(filterset=filterset, table=table, title=self.model._meta.verbose_name_plural)
        return context

    def get_template_names(self):
        htmx = cast(HtmxHttpRequest, self.request).htmx
        if htmx and not htmx.boosted:
            return ["core/includes/table.html"]
        return [self.template_name]


class ObjectDetailView(ObjectViewMixin, TemplateView):
    """The model's own template when it has one, else the generic page listing `fields`
    (comma-separated field names, shown by the `field_rows` tag)."""

    fields: str = ""

    def get_template_names(self):
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html", "core/object_detail.html"]

    def get_context_data(self, **kwargs):
        obj = self.get_object()
        context = super().get_context_data(object=obj, title=str(obj), fields=self.fields, **kwargs)
        if self.request.user.has_perm("audit.view_changelog"):
            context["history"] = ChangeLog.objects.for_object(obj).select_related("user")[:50]
        return context


class ObjectEditView(ObjectViewMixin, TemplateView):
    """Add (no pk) and edit. The save, its change-log row and the check that the object is
    still inside the user's jurisdiction happen in one transaction: any refusal undoes all."""

    form_class: type[Any]  # a ScopedModelForm (it takes the user)
    template_name = "core/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.action = self.action_for(kwargs)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def action_for(cls, kwargs: dict) -> str:
        return "change" if "pk" in kwargs else "add"

    def get_instance(self):
        return self.get_object() if "pk" in self.kwargs else self.model()

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        initial = self.request.GET.dict() if self.request.method == "GET" and "pk" not in self.kwargs else None
        return self.form_class(data, self.request.FILES or None, instance=instance, initial=initial, user=self.request.user)

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_to_response(self.get_context_data(form=self.get_form(instance), object=instance))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            try:
                with transaction.atomic(), tracked(form.instance):
                    obj = form.save()
                    check_still_in_scope(obj, request.user, self.action)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已保存{self.model._meta.verbose_name}“{obj}”。")
                return redirect(self.get_success_url(obj))
        return self.render_to_response(self.get_context_data(form=form, object=instance), status=200)

    def get_success_url(self, obj) -> str:
        return reverse(url_name(self.model, "detail"), args=[obj.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = kwargs.get("object")
        verb = "修改" if "pk" in self.kwargs else "新增"
        context["title"] = f"{verb}{self.model._meta.verbose_name}" + (f"：{obj}" if obj and obj.pk else "")
        return context


class ObjectDeleteView(ObjectViewMixin, TemplateView):
    action = "delete"
    template_name = "core/object_delete.html"

    def get_context_data(self, **kwargs):
        obj = self.get_object()
        return super().get_context_data(object=obj, title=f"删除{self.model._meta.verbose_name}：{obj}", **kwargs)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        name = str(obj)
        try:
            with transaction.atomic():
                delete_tracked(obj)
        except ProtectedError as error:
            names = "、".join(sorted({str(o) for o in list(error.protected_objects)[:5]}))
            messages.error(request, f"“{name}”仍被其他记录引用（{names}），请先解除引用再删除。")
            return redirect(reverse(url_name(self.model, "detail"), args=[obj.pk]))
        messages.success(request, f"已删除{self.model._meta.verbose_name}“{name}”。")
        return redirect(reverse(url_name(self.model, "list")))


def object_urls(model, list_view, detail_view, edit_view, delete_view, prefix: str = ""):
    """The conventional URLs of an object: <model>_list|detail|add|edit|delete."""
    from django.urls import path

    name = model._meta.model_name
    return [
        path(f"{prefix}", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", edit_view.as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
    ]


__all__ = ["ObjectListView", "ObjectDetailView", "ObjectEditView", "ObjectDeleteView", "object_urls", "Http404"]


class PhotoFileView(LoginRequiredMixin, View):
    """A stored photo (a visit's, a points record's), only to users who may see what it belongs
    to; never a public media URL. Subclasses name the photo model and the refusal's wording."""

    photo_model: type[Any]
    denied: str

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        # The scoped queryset asks the role's view permission too.
        return cls.photo_model.objects.scoped(user).filter(pk=kwargs["pk"]).exists()

    def get(self, request, pk):
        if not may(request.user, self.photo_model):
            raise PermissionDenied(self.denied)
        photo = get_object_or_404(self.photo_model.objects.scoped(request.user), pk=pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError:
            raise Http404("照片文件不存在") from None
        response = FileResponse(handle, content_type=photo.content_type)
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
