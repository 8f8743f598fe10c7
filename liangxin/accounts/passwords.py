"""The password policy (等保 level 3, 身份鉴别): composition, no likeness to the account, not a
common password, not one of the last few, and a maximum age.

Every rule is a validator of AUTH_PASSWORD_VALIDATORS, so every path that sets a password runs
it: the self-service change, the administrator's user form, `createsuperuser`, `changepassword`.
Each says in Chinese which rule the password breaks and what to do.
"""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator, UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_password_validators.password_history.password_validation import UniquePasswordsValidator

# The four classes of GB/T 22239's "复杂度要求", in the order the message names them.
CHARACTER_CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


class ComplexityValidator:
    """At least `min_length` characters from at least `min_classes` of the four classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(
                f"密码太短：至少 {self.min_length} 位（现在 {len(password)} 位）。", code="password_too_short",
            ))
        present = [name for name, test in CHARACTER_CLASSES if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            have = "、".join(present) or "无"
            errors.append(ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号四类中的至少 {self.min_classes} 类（现在只有：{have}），"
                "请加入其他类字符。",
                code="password_too_simple",
            ))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return f"至少 {self.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class NotLikeAccountValidator(UserAttributeSimilarityValidator):
    """Django's similarity check, against the display name too, with a message naming the rule."""

    def __init__(self, user_attributes=("username", "display_name", "first_name", "last_name", "email"),
                 max_similarity: float = 0.7):
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s太相似，容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能与用户名或姓名相似。"


class NotCommonValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, with a message naming the rule."""

    def get_error_message(self) -> str:
        return "密码在常见弱密码表中，容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能是常见密码。"


class HistoryValidator(UniquePasswordsValidator):
    """django-password-validators keeps a salted hash of each password set (its
    `password_changed`, called by Django whenever a user is saved with a new password) and
    refuses any of the last `last_passwords`, the current one included."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return  # an account being created has no history yet
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(
                f"不能使用最近 {self.last_passwords} 次用过的密码（包括当前密码），请换一个新密码。",
                code="password_used",
            ) from error

    def get_help_text(self) -> str:
        return f"不能与最近 {self.last_passwords} 次用过的密码相同。"


def password_expires_at(user) -> datetime.datetime | None:
    """When the user's password stops being accepted without a change (None: it never was
    set under this policy, so it must be changed now)."""
    if user.password_changed_at is None:
        return None
    return user.password_changed_at + datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def password_must_change(user) -> bool:
    expires = password_expires_at(user)
    return expires is None or expires <= timezone.now()
