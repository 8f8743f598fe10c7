"""The checklists' first items (STD-1 六有, STD-2 五个一), each with its citation. An
administrator adds, words or retires items; the rules count by status, not by item."""

from django.db import migrations

# A copy, not an import: a migration must not change when the code does.
ITEMS = (
    ('six_have', 'venue', '有场所', '有固定的党组织活动场所', 'area', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('six_have', 'facilities', '有设施', '配备桌椅、电教设备等活动设施', 'photo', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('six_have', 'sign', '有标志', '有党组织标志、标识', 'photo', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('six_have', 'flag', '有党旗', '活动场所悬挂党旗', 'photo', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('six_have', 'reading', '有书报', '有党建书籍、报刊等学习资料', 'photo', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('six_have', 'systems', '有制度', '党组织工作制度上墙', 'systems', '《关于加强非公有制企业党建工作的实施方案》（镇） 二(一)3', '按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设'),
    ('five_ones', 'room', '一间党员活动室', '约30平方米，能容纳全体党员开会、学习、座谈', 'area', '《在全县“两新”组织党建工作会议上的讲话》（县） §二 第五', '建有一间约30平方米左右、能容纳全体党员召开会议、学习、座谈交流等所用的活动场所'),
    ('five_ones', 'board', '一个党员公示栏', '置于公开显眼处，有全体党员的形象照，注明姓名、籍贯、入党时间、职务', 'photo', '《在全县“两新”组织党建工作会议上的讲话》（县） §二 第五', '二是有一个党员公示栏'),
    ('five_ones', 'sign', '一块标识牌', '党组织标识牌由乡镇、部门统一制作，置于正门显眼位置', 'photo', '《在全县“两新”组织党建工作会议上的讲话》（县） §二 第五', '三是有一块党组织标识牌'),
    ('five_ones', 'flag', '一面党旗', '按标准样式制作，置于党员活动室正墙居中位置', 'photo', '《在全县“两新”组织党建工作会议上的讲话》（县） §二 第五', '四是有一面党旗'),
    ('five_ones', 'systems', '一套党建工作制度', '基本工作制度、党员教育管理、党内民主、激励关怀帮扶、主题活动等制度', 'systems', '《在全县“两新”组织党建工作会议上的讲话》（县） §二 第五', '五是有一套党建工作制度'),
)


def add_items(apps, schema_editor):
    ChecklistItem = apps.get_model("assessments", "ChecklistItem")
    for order, (standard, code, name, requirement, evidence, source, quote) in enumerate(ITEMS, start=1):
        ChecklistItem.objects.update_or_create(standard=standard, code=code, defaults={
            "name": name, "requirement": requirement, "evidence": evidence, "source": source, "quote": quote,
            "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_standards")]
    operations = [migrations.RunPython(add_items, migrations.RunPython.noop)]
