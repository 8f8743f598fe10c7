from liangxin.accounts.roles import Role


def roles(request) -> dict:
    """`Role` in every template, so a page compares `user.role == Role.INSTRUCTOR`, never a
    string that would silently stop matching if a role's value changed."""
    return {"Role": Role}
