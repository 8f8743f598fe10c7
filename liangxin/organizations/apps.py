from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "liangxin.organizations"
    label = "organizations"
    verbose_name = "两新组织"
