# Accounts that exist when this runs keep an empty date (their password predates the policy
# and must be changed at the next login); accounts created afterwards get the time of creation.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='password_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='密码修改时间'),
        ),
        migrations.AlterField(
            model_name='user',
            name='password_changed_at',
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, editable=False, null=True, verbose_name='密码修改时间'),
        ),
    ]
