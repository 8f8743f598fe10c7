"""`liangxin annual-report --region CODE --year Y --out FILE.xlsx`: the annual statistical report
of a region as the page's workbook (a .docx name writes the Word narrative instead)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.regions.models import Region
from liangxin.reports import annual, annual_files


class Command(BaseCommand):
    help = "生成区域的“两新”组织党建工作统计年报（.xlsx 统计表；文件名以 .docx 结尾则生成文字报告）"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码")
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1, help="统计年度，默认为上一年")
        parser.add_argument("--out", required=True, help="输出文件，如 年报.xlsx 或 年报.docx")

    def handle(self, *args, region, year, out, **options):
        area = Region.objects.filter(code=region).first()
        if area is None:
            raise CommandError(f"没有区划代码为 {region} 的区域。")
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"年度 {year} 无效：应在2000年至{timezone.localdate().year}年之间。")
        path = Path(out)
        if path.suffix.lower() not in (".xlsx", ".docx"):
            raise CommandError("输出文件应以 .xlsx 或 .docx 结尾。")
        report = annual.build(None, area, year)
        body = annual_files.workbook_bytes(report) if path.suffix.lower() == ".xlsx" else annual_files.document_bytes(report)
        path.write_bytes(body)
        record(ChangeLog.Action.EXPORT, region_path=area.path, detail=f"命令行导出{report.title}（{path.name}）")
        f = report.figures
        self.stdout.write(f"已生成 {path}：{report.title}，截至 {report.as_of:%Y-%m-%d}；组织 {f['organizations']} 家，"
                          f"党员 {f['members']} 名，党组织 {f['party_orgs']} 个。")
