from django.apps import AppConfig


class RulesConfig(AppConfig):
    """The policy engine. The registry is filled explicitly, never by a side effect of some
    other import: this app's `ready()` imports its own catalogue, and every later app that
    declares rules imports its `<app>/rules.py` from its own `AppConfig.ready()`
    (see liangxin.rules.registry)."""

    name = "liangxin.rules"
    label = "rules"
    verbose_name = "政策规则"

    def ready(self):
        from liangxin.rules import catalogue  # noqa: F401  (declares ORG/COV/GRID/MEM rules)
