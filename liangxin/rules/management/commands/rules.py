import json

from django.core.management.base import BaseCommand, CommandError

from liangxin.regions.models import Region
from liangxin.rules.registry import all_rules, violation_counts
from liangxin.rules.services import rule_summary
from liangxin.rules.values import ParameterValues


class Command(BaseCommand):
    help = "按规则库逐条计算违反数，阶段类规则列出各阶段的组织数（全部区域，或 --region 区划代码 的子树）。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码，如 440307001")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, region=None, json=False, **options):
        area = None
        if region:
            area = Region.objects.filter(code=region).first()
            if area is None:
                raise CommandError(f"没有区划代码为 {region} 的区域。")
        params = ParameterValues()
        counts = violation_counts(None, area, params)
        rows = []
        for rule in all_rules():
            summary = rule_summary(rule, None, area, params, counts)
            rows.append({
                "id": rule.id, "title": rule.title, "kind": rule.kind,
                "count": summary["count"],
                # A stage rule (ORG-10) counts no violations: its objects per stage instead.
                "distribution": summary["distribution"],
                "citations": [f"{c.seed} {c.clause}" for c in rule.citations],
                "parameters": {r.parameter.key: r.value for r in summary["parameters"]},
            })
        if json:
            self.stdout.write(_dumps({"region": region, "rules": rows}))
            return
        self.stdout.write(f"区域：{area.name if area else '全部'}")
        for row in rows:
            if row["distribution"] is not None:
                count = "，".join(f"{d['label']} {d['count']}" for d in row["distribution"])
            else:
                count = "—" if row["count"] is None else row["count"]
            params_text = "，".join(f"{k}={v}" for k, v in row["parameters"].items())
            self.stdout.write(f"{row['id']:<7} {count!s:>9}  {row['title']}  [{'；'.join(row['citations'])}] {params_text}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
