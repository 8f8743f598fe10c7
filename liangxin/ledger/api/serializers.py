from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.ledger.forms import CensusRecordForm
from liangxin.ledger.models import Census, CensusRecord


class CensusSerializer(ScopedModelSerializer):
    class Meta:
        model = Census
        fields = ["id", "name", "year", "region", "deadline", "status", "threshold", "threshold_source", "closed_on",
                  "created", "updated"]
        read_only_fields = fields


class CensusRecordSerializer(ScopedModelSerializer):
    """What a street or community fills in: the fields of the web form (CensusRecordForm);
    the census, organization and region are fixed when the census opens."""

    members_suffice = serializers.BooleanField(read_only=True, help_text="正式党员达到该次摸底的单独组建门槛")
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = CensusRecord
        fields = ["id", "census", "organization", "organization_name", "region", *CensusRecordForm.Meta.fields,
                  "members_suffice", "created", "updated"]
        read_only_fields = ["census", "organization", "region", "created", "updated"]
