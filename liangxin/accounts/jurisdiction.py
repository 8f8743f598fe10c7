"""The jurisdiction of the region roles: the subtree of the account's own region (User.region,
a relation this app owns). Registered from AccountsConfig.ready(); the roles scoped by
organization are resolved by the apps that own their relations."""

from liangxin.core.jurisdiction import NOTHING, Jurisdiction


def region_jurisdiction(user) -> Jurisdiction:
    if user.region_id is None:
        return NOTHING
    # Read afresh (not the cached user.region): a region moved a moment ago counts at once.
    region_model = user._meta.get_field("region").related_model
    path = region_model.objects.filter(pk=user.region_id).values_list("path", flat=True).first()
    return Jurisdiction(region_path=path) if path else NOTHING
