"""Settings read from the environment: tiny helpers that fail loudly on bad values."""

import logging
import os
import warnings

from django.core.exceptions import ImproperlyConfigured

PREFIX, OLD_PREFIX = "LIANGXIN_", "LIANXIN_"
logger = logging.getLogger(__name__)


def _read(name: str) -> tuple[str, str | None]:
    """The variable's value and the name it was found under. The project's variables were
    first spelled `LIANXIN_*`; that spelling is read, with a warning, when the `LIANGXIN_*`
    one is unset, for one release (the new name wins when both are set)."""
    value = os.environ.get(name)
    if value in (None, "") and name.startswith(PREFIX):
        old = OLD_PREFIX + name.removeprefix(PREFIX)
        if os.environ.get(old) not in (None, ""):
            message = f"{old} is deprecated and will stop working in the next release: rename it to {name}"
            warnings.warn(message, DeprecationWarning, stacklevel=3)
            # DeprecationWarning is hidden by default outside __main__; the operator reads the log.
            logger.warning(message)
            return old, os.environ[old]
    return name, value


def env_str(name: str, default: str | None = None) -> str | None:
    _, value = _read(name)
    return value or default


def env_bool(name: str, default: bool = False) -> bool:
    name, value = _read(name)
    if not value:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    name, value = _read(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    found, value = _read(name)
    value = value or default
    if value not in choices:
        raise ImproperlyConfigured(f"{found}={value!r} must be one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    _, value = _read(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
