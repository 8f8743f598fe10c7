"""How personal data is shown on screens, in exports and in the change log."""


def mask_id_number(value: str | None) -> str:
    """110101199003070011 -> 110101********0011 (region code and last four remain)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812340011 -> 138****0011."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张伟 -> 张*, 欧阳娜娜 -> 欧***: the first character remains."""
    if not value:
        return ""
    return value[:1] + "*" * (len(value) - 1)


def mask_all(value: str | None) -> str:
    return "*" * len(value) if value else ""


def mask(value: str | None, how: str) -> str:
    return {"mask_id_number": mask_id_number, "mask_phone": mask_phone, "mask_name": mask_name, "mask_all": mask_all}[how](value)
