"""`liangxin overview [--region CODE] [--on YYYY-MM-DD]`: the sentence of seed 003 §一 for a
region and a day, with the exact figures, for a speech or a report drafted outside the site."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangxin.regions.models import Region
from liangxin.reports.overview import overview


class Command(BaseCommand):
    help = "按 003 号文件第一部分的写法生成“两新”组织概况"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码；默认为最上层区域")
        parser.add_argument("--on", help="截至日期，如 2026-06-30；默认为今天")

    def handle(self, *args, region=None, on=None, **options):
        area = (Region.objects.filter(code=region) if region else Region.objects.filter(parent__isnull=True).order_by("path")).first()
        if area is None:
            raise CommandError(f"没有区划代码为 {region} 的区域。" if region else "还没有任何区域。")
        day = None
        if on:
            try:
                day = datetime.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"截至日期 {on} 无效：请写成 2026-06-30 这样的日期。") from None
            if day > timezone.localdate():
                raise CommandError("截至日期不能晚于今天。")
        result = overview(None, area, day)
        f = result.figures
        self.stdout.write(result.sentence)
        self.stdout.write(f"（{area.name}，截至 {result.on:%Y-%m-%d}。精确数：组织 {f['organizations']} 家"
                          f"（{f['organizations_economic']} / {f['organizations_social']}），从业人员 {f['employees']} 人"
                          f"（{f['employees_economic']} / {f['employees_social']}），党员 {f['members']} 名，党组织 {f['party_orgs']} 个。）")
