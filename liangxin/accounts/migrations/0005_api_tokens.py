# API tokens stored as digests (liangxin.accounts.tokens). DRF's authtoken table held tokens as
# they are; they cannot be turned into digests that mean anything to their holders' scripts, so
# they are revoked: the table is dropped with its rows, and its migration records go too (so
# that authtoken, if it were ever installed again, would start from an empty table). Holders
# make a new token on their profile page or with `liangxin token USERNAME` (README, upgrading).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_password_changed_at'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='例如：统计报表系统对接。', max_length=100, verbose_name='用途')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('expires', models.DateTimeField(verbose_name='到期时间')),
                ('last_used', models.DateTimeField(blank=True, null=True, verbose_name='最近使用')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
            ],
            options={
                'verbose_name': 'API 令牌',
                'verbose_name_plural': 'API 令牌',
                'ordering': ['-created'],
            },
        ),
        migrations.RunPython(drop_drf_tokens, migrations.RunPython.noop, elidable=True),
    ]
