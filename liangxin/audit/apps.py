from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    label = "audit"
    verbose_name = "变更日志"

    def ready(self):
        from liangxin.audit import signals  # noqa: F401  Django: apps not ready at import (login, logout, failed-login records)
