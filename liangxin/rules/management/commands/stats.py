import json

from django.core.management.base import BaseCommand, CommandError

from liangxin.regions.models import Region
from liangxin.rules.stats import coverage


class Command(BaseCommand):
    help = "“两新”组织概况与覆盖率（全部，或 --region 区划代码 的子树），含下级区域与目标。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码；默认为最上层区域")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, region=None, json=False, **options):
        if region:
            area = Region.objects.filter(code=region).first()
            if area is None:
                raise CommandError(f"没有区划代码为 {region} 的区域。")
        else:
            area = Region.objects.filter(parent__isnull=True).order_by("path").first()
        data = coverage(None, area)
        if json:
            self.stdout.write(_dumps(data))
            return
        f = data["figures"]

        def pct(v):
            return "—" if v is None else f"{v:.1%}"

        self.stdout.write(f"区域：{area.name if area else '全部'}（截至 {data['as_of']}）")
        self.stdout.write(f"  组织 {f['organizations']}（新经济 {f['organizations_economic']}，新社会 {f['organizations_social']}）")
        self.stdout.write(f"  从业人员 {f['employees']}（{f['employees_economic']} / {f['employees_social']}）")
        self.stdout.write(f"  党员 {f['members']}（{f['members_economic']} / {f['members_social']}）")
        self.stdout.write(f"  党组织 {f['party_orgs']}（{f['party_orgs_economic']} / {f['party_orgs_social']}）")
        t = data["targets"]
        self.stdout.write(f"  组织覆盖率 {pct(f['org_coverage_rate'])}（目标 {t['target_org_coverage']['value']}%）")
        self.stdout.write(f"  工作覆盖率 {pct(f['work_coverage_rate'])}（目标 {t['target_work_coverage']['value']}%）")
        ratings = data["ratings"]
        self.stdout.write(f"  双强六好达标率 {ratings['two_strong_six_good']}")
        self.stdout.write(f"  五个好达标率 {ratings['five_good']}")
        cross = data.get("cross_appointment")
        if cross:
            self.stdout.write(f"  交叉任职：登记 {cross['recorded']} 个党组织，书记进入管理层 {cross['secretary_in_management']}，"
                              f"兼任工会主席 {cross['secretary_union_chair']}，“一肩挑” {cross['one_shoulder']}")
        for child in data["children"]:
            self.stdout.write(f"    {child['name']}: 组织 {child['organizations']}，组织覆盖 {pct(child['org_coverage_rate'])}，"
                              f"工作覆盖 {pct(child['work_coverage_rate'])}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
