from django.apps import AppConfig


class RulesConfig(AppConfig):
    """The policy engine. The registry loads every app's parameters and rules from the one list
    in liangxin.rules.registry (PARAMETER_MODULES, RULE_MODULES); no app registers rules from
    its own `ready()`."""

    name = "liangxin.rules"
    label = "rules"
    verbose_name = "政策规则"

    def ready(self):
        # The rule modules import the models of every app they read: loaded once all are ready.
        from liangxin.rules import registry  # Django: apps not ready at import

        registry.load()
