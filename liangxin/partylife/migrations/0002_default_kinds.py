"""The unified classification's first rows (STD-5): the 三会一课 and the other kinds the seeds
name. An administrator adds more; these keep their codes, which the rules count by."""

from django.db import migrations

# A copy, not an import: a migration must not change when the code does.
KINDS = (
    ("general_meeting", "支部党员大会", True, "三会一课：一般每季度召开1次"),
    ("committee_meeting", "支委会", True, "三会一课：一般每月召开1次"),
    ("group_meeting", "党小组会", True, "三会一课：一般每月召开1次"),
    ("lecture", "党课", True, "三会一课：每季度至少1次"),
    ("life_meeting", "组织生活会", False, "一般每年召开1次"),
    ("appraisal", "民主评议党员", False, "一般每年开展1次"),
    ("theme_day", "主题党日", False, "每月相对固定1天"),
    ("training", "学习培训", False, ""),
    ("policy_study", "政策法规学习", False, "每季度至少1次（县讲话）"),
    ("culture", "文体活动", False, ""),
    ("other", "其他活动", False, ""),
)


def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("partylife", "ActivityKind")
    for order, (code, name, three, description) in enumerate(KINDS, start=1):
        ActivityKind.objects.update_or_create(code=code, defaults={
            "name": name, "three_meetings": three, "description": description, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("partylife", "0001_activities")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
