"""Instructors' phone numbers encrypted at rest, like members' (issue 10: every phone number).

The column becomes text (a Fernet token is longer than 20 characters), then each stored number
is encrypted in place. Rows are read and written with SQL: the model's field would try to
decrypt the plain numbers still in the column. Going back decrypts them first."""

from django.db import migrations

import liangxin.core.fields
from liangxin.core import crypto


def _rewrite(apps, schema_editor, convert):
    table = schema_editor.quote_name(apps.get_model("instructors", "Instructor")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, phone FROM {table} WHERE phone IS NOT NULL AND phone <> ''")
        rows = cursor.fetchall()
        for pk, phone in rows:
            cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [convert(phone), pk])


def encrypt(apps, schema_editor):
    _rewrite(apps, schema_editor, crypto.encrypt)


def decrypt(apps, schema_editor):
    _rewrite(apps, schema_editor, crypto.decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ('instructors', '0004_instructor_management'),
    ]

    operations = [
        migrations.AlterField(
            model_name='instructor',
            name='phone',
            field=liangxin.core.fields.EncryptedCharField(blank=True, mask='mask_phone', verbose_name='联系电话'),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
