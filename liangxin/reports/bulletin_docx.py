"""The quarterly bulletin's Word document, from a template the office can edit.

Why python-docx with placeholder paragraphs rather than docxtpl: docxtpl (Jinja2 inside Word's
XML) is not among our dependencies, and its tags break when Word splits a run while the office
edits the file (`{{` in one run and `}}` in the next), which the office then cannot see or fix.
Here a template is an ordinary .docx: a paragraph holding only a block placeholder such as
{{覆盖情况}} is replaced by the generated paragraphs and tables (in the document's own styles),
and the short placeholders ({{标题}}, {{发文单位}}, {{日期}}) are replaced inside any paragraph,
headers and footers included, whatever runs Word split them into. Everything else — letterhead,
fonts, headings, fixed wording, their order — is the office's to change. The PDF is the same
document converted by LibreOffice (liangxin.core.documents.to_pdf).
"""

from __future__ import annotations

import io
import re
import zipfile

from django.utils import timezone
from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from liangxin.core import documents
from liangxin.reports.models import BulletinTemplate

# Block placeholders: each must stand alone in a paragraph of the template.
BLOCKS = {
    "覆盖情况": "一、“两新”组织党建覆盖情况",
    "规则落实": "二、政策规则落实情况",
    "指导员履职": "三、党建工作指导员履职情况",
    "结对共建": "四、结对共建积分和表扬",
    "好的做法": "五、好的做法和经验",
    "工作要求": "六、下一步工作要求",
}
INLINE = ("标题", "发文单位", "日期", "季度", "范围")
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


class TemplateError(ValueError):
    """A template the drafting cannot use; the message says what to fix, in Chinese."""


def default_template() -> bytes:
    """The built-in template: the title, the issuer and date, one heading and block per part."""
    document = documents.new_document("{{标题}}", "{{发文单位}}　{{日期}}")
    for key, heading in BLOCKS.items():
        documents.heading(document, heading)
        documents.paragraph(document, "{{" + key + "}}")
    return documents.to_bytes(document)


def _open(content: bytes):
    try:
        return Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError("模板文件：不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。") from error


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def check_template(content: bytes) -> None:
    """Refuse a template missing a block placeholder or using an unknown one."""
    document = _open(content)
    found = {m.group(1) for p in _all_paragraphs(document) for m in PLACEHOLDER.finditer(p.text)}
    standalone = {PLACEHOLDER.fullmatch(p.text.strip()).group(1) for p in document.paragraphs if PLACEHOLDER.fullmatch(p.text.strip())}
    unknown = sorted(found - set(BLOCKS) - set(INLINE))
    if unknown:
        raise TemplateError("模板文件：有无法识别的占位符 " + "、".join("{{" + k + "}}" for k in unknown)
                            + "。可用的占位符：" + "、".join("{{" + k + "}}" for k in (*BLOCKS, *INLINE)) + "。")
    missing = [k for k in BLOCKS if k not in standalone]
    if missing:
        raise TemplateError("模板文件：缺少占位符 " + "、".join("{{" + k + "}}" for k in missing)
                            + "；每个应单独成段（一行只写占位符），生成时替换为该部分的文字和表格。")


def _replace_inline(paragraph, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{{" not in text:
        return
    new = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    if new == text:
        return
    # Word may split a placeholder over several runs: the text goes into the first run (its
    # formatting kept), the others are emptied.
    runs = paragraph.runs
    runs[0].text = new
    for run in runs[1:]:
        run.text = ""


def _fill_block(document, placeholder, items: list[tuple]) -> None:
    """Put the generated items where the placeholder paragraph stands, then remove it."""
    anchor = placeholder._p
    for item in items:
        if item[0] == "p":
            element = documents.paragraph(document, item[1])._p
        else:
            _, headers, rows, numeric = item
            element = documents.table(document, headers, rows, numeric=numeric)._tbl
        anchor.addprevious(element)
    anchor.getparent().remove(anchor)


def render(template: bytes, values: dict[str, str], blocks: dict[str, list[tuple]], title: str) -> bytes:
    check_template(template)
    document = _open(template)
    document.core_properties.title = title
    for paragraph in list(document.paragraphs):
        match = PLACEHOLDER.fullmatch(paragraph.text.strip())
        if match and match.group(1) in blocks:
            _fill_block(document, paragraph, blocks[match.group(1)])
    for paragraph in _all_paragraphs(document):
        _replace_inline(paragraph, values)
    return documents.to_bytes(document)


def _num(value) -> str:
    return "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


def _signed(value) -> str:
    return "—" if value is None else (f"+{value:g}" if value > 0 else f"{value:g}")


COVERAGE_HEADERS = ("区域", "季初在营组织", "季末在营组织", "组织覆盖率季初(%)", "组织覆盖率季末(%)", "变化(百分点)",
                    "工作覆盖率季初(%)", "工作覆盖率季末(%)", "变化(百分点)")
RULE_HEADERS = ("规则", "内容", "上期问题数", "本期问题数", "变化")
INSTRUCTOR_HEADERS = ("区域", "在岗指导员", "计入周(人周)", "达标周(人周)", "达标率(%)", "全部达标人数", "走访次数")


def document_blocks(figures: dict, good_practice: str, requirements: str) -> dict[str, list[tuple]]:
    """The generated content of each block, from the stored figures only."""
    cov = figures["coverage"]
    whole = cov["rows"][0]
    coverage = [
        ("p", f"截至{figures['label']}末（{cov['end_day']}），{figures['region']}在营“两新”组织{whole['organizations_end']}家"
              f"（季初{whole['organizations_start']}家），党组织{whole['party_orgs_end']}个，党员{whole['members_end']}名。"
              f"组织覆盖率{_num(whole['org_coverage_rate_end'])}%，较季初{_signed(whole['org_coverage_rate_change'])}个百分点"
              f"（目标{cov['target_org']}%）；工作覆盖率{_num(whole['work_coverage_rate_end'])}%，"
              f"较季初{_signed(whole['work_coverage_rate_change'])}个百分点（目标{cov['target_work']}%）。"),
        ("table", COVERAGE_HEADERS, [[r["name"], r["organizations_start"], r["organizations_end"],
                                      _num(r["org_coverage_rate_start"]), _num(r["org_coverage_rate_end"]), _signed(r["org_coverage_rate_change"]),
                                      _num(r["work_coverage_rate_start"]), _num(r["work_coverage_rate_end"]), _signed(r["work_coverage_rate_change"])]
                                     for r in cov["rows"]], tuple(range(1, 9))),
        ("p", f"季初数字取自{cov['start_source']}（{cov['start_day']}），季末数字取自{cov['end_source']}。"),
    ]
    rules = figures["rules"]
    titles = {r["id"]: r["title"] for r in rules["rows"]}
    with_cases = [r for r in rules["rows"] if r["now"] or r["before"]]
    rule_items: list[tuple] = []
    if figures["previous"]:
        kept = "、".join(f"{i}（{titles[i]}）" for i in rules["kept"]) or "无"
        broken = "、".join(f"{i}（{titles[i]}）" for i in rules["broken"]) or "无"
        rule_items.append(("p", f"与{figures['previous']}通报相比，本期新落实（问题清零）的规则：{kept}；新出现问题的规则：{broken}。"))
    else:
        rule_items.append(("p", "上一季度没有已定稿的通报，本期列出各规则当前的问题数，下期起逐条比较。"))
    rule_items.append(("p", f"问题数为{figures['as_of']}生成通报时政策规则清单查出的数量。"))
    if with_cases:
        rule_items.append(("table", RULE_HEADERS, [[r["id"], r["title"], _num(r["before"]), r["now"],
                                                    _signed(None if r["before"] is None else r["now"] - r["before"])]
                                                   for r in with_cases], (2, 3, 4)))
    else:
        rule_items.append(("p", "各项规则均未查出问题。"))
    ins = figures["instructors"]
    total = ins["total"]
    if total["instructors"]:
        through = f"（截至{ins['through']}已结束的周）" if ins["through"] else "（本季度尚无已结束的周）"
        instructor_items = [
            ("p", f"在岗党建工作指导员{total['instructors']}名，本季度{through}“每周至少半天”计入{total['weeks_required']}人周，"
                  f"达标{total['weeks_met']}人周，达标率{_num(total['rate'])}%；全部达标{total['all_met']}人，走访{total['visits']}次。"),
            ("table", INSTRUCTOR_HEADERS, [[r["name"], r["instructors"], r["weeks_required"], r["weeks_met"], _num(r["rate"]),
                                            r["all_met"], r["visits"]] for r in [*ins["rows"], total]], (1, 2, 3, 4, 5, 6)),
        ]
    else:
        instructor_items = [("p", "本区域暂无在岗党建工作指导员。")]
    pairing = figures["pairing"]
    pairing_items: list[tuple] = [
        ("p", f"本季度共有{pairing['pairings']}对结对，“一月一到访、一季一活动”全部落实{pairing['cadence_kept']}对。"
              "积分按已确认的积分行动记录计算，与结对共建督办检查通报同一口径。"),
    ]
    if pairing["points"]:
        pairing_items.append(("table", pairing["headers"], pairing["points"], (0, 2, 3)))
    pairing_items.append(("p", f"{'、'.join(pairing['commended'])}本季度工作突出，予以通报表扬。" if pairing["commended"]
                          else "本季度无积分为正的结对单位，不予表扬。"))
    practice = [("p", line.strip()) for line in good_practice.splitlines() if line.strip()]
    practice += [("p", text) for text in pairing["examples"]]
    asks = [("p", line.strip()) for line in requirements.splitlines() if line.strip()]
    return {
        "覆盖情况": coverage, "规则落实": rule_items, "指导员履职": instructor_items, "结对共建": pairing_items,
        "好的做法": practice or [("p", "本季度未报送好的做法。")], "工作要求": asks or [("p", "（无）")],
    }


def template_for(region) -> tuple[bytes, str]:
    """The template in force for a region (its own, else its nearest ancestor's, else the
    built-in one) and where it comes from."""
    from_regions = {t.region_id: t for t in BulletinTemplate.objects.filter(region__in=[*region.ancestors(), region])}
    for candidate in [region, *reversed(list(region.ancestors()))]:
        template = from_regions.get(candidate.pk)
        if template is not None:
            return bytes(template.content), f"{candidate.name}上传的模板（{template.name}）"
    return default_template(), "系统内置模板"


def docx(bulletin) -> bytes:
    """The bulletin's document: the frozen one once frozen, else drafted now from the stored figures."""
    if bulletin.frozen_docx:
        return bytes(bulletin.frozen_docx)
    template, _ = template_for(bulletin.region)
    moment = bulletin.frozen_at or bulletin.drafted_at
    day = timezone.localtime(moment).date() if moment else None
    values = {"标题": bulletin.title, "发文单位": bulletin.issuer_name, "季度": bulletin.figures.get("label", ""),
              "范围": bulletin.region.name, "日期": f"{day.year}年{day.month}月{day.day}日" if day else ""}
    return render(template, values, document_blocks(bulletin.figures, bulletin.good_practice, bulletin.requirements), bulletin.title)
