from rest_framework import serializers

from liangxin.core import personal
from liangxin.core.api import ScopedModelSerializer
from liangxin.rules.models import CoverageSnapshot, ParameterOverride
from liangxin.rules.registry import Rule


def citation_data(c) -> dict:
    return {"seed": c.seed, "source": c.source, "clause": c.clause, "quote": c.quote, "quote_simplified": c.text}


def rule_data(summary: dict) -> dict:
    rule: Rule = summary["rule"]
    return {
        "id": rule.id, "title": rule.title, "category": rule.category, "kind": rule.kind,
        "model": rule.model, "citations": [citation_data(c) for c in rule.citations],
        "parameters": [r.as_dict() for r in summary["parameters"]],
        "recommended_action": summary["action"], "scope_note": rule.scope_note,
        "count": summary["count"], "visible": summary["visible"],
        "distribution": summary["distribution"],
        "parts": [{"key": p.key, "title": p.title, "model": p.model, "citations": [citation_data(c) for c in p.citations]}
                  for p in rule.parts],
    }


def violation_data(row: dict, user) -> dict:
    obj = row["obj"]
    return {
        "id": obj.pk, "name": personal.label(user, obj), "model": obj._meta.label, "region": row["region_name"],
        "finding": row["finding"], "parameters": [r.as_dict() for r in row["parameters"]],
        "recommended_action": row["action"],
    }


class ParameterOverrideSerializer(ScopedModelSerializer):
    parameter_title = serializers.CharField(read_only=True)

    class Meta:
        model = ParameterOverride
        fields = ["id", "key", "parameter_title", "region", "value", "effective_from", "reason", "created", "updated"]
        read_only_fields = ["created", "updated"]


class CoverageSnapshotSerializer(serializers.ModelSerializer):
    org_coverage_rate = serializers.FloatField(read_only=True, allow_null=True)
    work_coverage_rate = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = CoverageSnapshot
        fields = "__all__"
