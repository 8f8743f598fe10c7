import django_tables2 as tables

from liangxin.audit.models import ChangeLog
from liangxin.core.tables import BaseTable


class ChangeLogTable(BaseTable):
    phone_columns = ("time", "username", "action", "object_repr")
    time = tables.DateTimeColumn(format="Y-m-d H:i:s")
    object_repr = tables.TemplateColumn(
        '{% load liangxin %}{% logged_object record %}',
        verbose_name="对象",
    )
    content_type = tables.Column("对象类型")
    changes = tables.TemplateColumn(template_name="audit/includes/changes_cell.html", verbose_name="变更内容", orderable=False)

    class Meta(BaseTable.Meta):
        model = ChangeLog
        fields = ("time", "username", "action", "content_type", "object_repr", "changes", "ip", "detail")
        empty_text = "没有记录。"

    def render_content_type(self, value):
        # The model's own name ("两新组织"), not ContentType's "app | model" ("两新组织 | 两新组织").
        model = value.model_class()
        return model._meta.verbose_name if model is not None else value.name
