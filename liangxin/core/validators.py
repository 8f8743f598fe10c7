"""Validators for Chinese identifiers. Every message names the field and says how to fix it.

python-stdnum provides the check-digit algorithms only: its full validators are stricter than
the standards (cn.ric wants the region code to have existed in the birth year, cn.uscc wants
the first eight characters to be digits), which would refuse real, valid numbers.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")
_ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
# After NFKC (full-width brackets and hyphens become ASCII): what people put inside phone
# numbers that is not part of them.
_PHONE_NOISE_RE = re.compile(r"[\s()]+")
_PHONE_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212]")


def normalize_code(value: str | None) -> str:
    """Full-width characters to half-width, spaces removed, upper case."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).upper()


def normalize_phone(value: str | None) -> str:
    """A phone number as people paste it: full-width, spaces, brackets round the area code,
    dashes. A mobile number becomes its 11 digits (a +86 or 0086 prefix dropped); a landline
    keeps its dashes (area code, extension)."""
    if value is None:
        return ""
    text = _PHONE_DASHES_RE.sub("-", _PHONE_NOISE_RE.sub("", unicodedata.normalize("NFKC", str(value))))
    digits = text.replace("-", "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    return digits if _MOBILE_RE.match(digits) else text


def unique_message(field_label: str, model_name: str) -> str:
    """The clash of a unique field, in plain words (Django's reads 具有 X 的 Y 已存在。). The
    other record is not named: it may lie outside the user's jurisdiction."""
    return f"{field_label}已登记为其他{model_name}，请核对后重试；如确属同一{model_name}，请在列表中搜索并编辑已有记录。"


def validate_credit_code(value: str) -> None:
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)d位，请核对营业执照或登记证书后重新填写。",
            code="length",
            params={"n": len(code)},
        )
    if not _CREDIT_CODE_RE.match(code):
        raise ValidationError(
            "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z），请检查是否误输入了字母 O 或 I。",
            code="alphabet",
        )
    expected = uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位不正确（按 GB 32100 第18位应为 %(expected)s），请核对是否有字符录错。",
            code="checksum",
            params={"expected": expected},
        )


def id_number_birth_date(value: str) -> datetime.date | None:
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    number = normalize_code(value)
    if len(number) == 15:
        raise ValidationError("身份证号为15位旧号码，请填写18位居民身份证号码。", code="old")
    if not _ID_NUMBER_RE.match(number):
        raise ValidationError(
            "身份证号应为18位：前17位为数字，最后一位为数字或X，请核对后重新填写。", code="format"
        )
    birth = id_number_birth_date(number)
    if birth is None:
        raise ValidationError("身份证号第7至14位的出生日期不是有效日期，请核对。", code="birth_date")
    if birth > timezone.localdate():
        raise ValidationError("身份证号中的出生日期晚于今天，请核对。", code="future")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            "身份证号校验位不正确（按 GB 11643 最后一位应为 %(expected)s），请核对是否有数字录错。",
            code="checksum",
            params={"expected": ric.calc_check_digit(number)},
        )


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if not (_MOBILE_RE.match(phone) or _LANDLINE_RE.match(phone)):
        raise ValidationError(
            "联系电话格式不正确：手机号为以1开头的11位数字，座机如 0755-12345678。", code="phone"
        )
