"""Funding records in the API (amounts are decimal strings in yuan: "1234.50"), scoped like the pages."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.funding.api import serializers
from liangxin.funding.filtersets import (
    AllocationFilterSet,
    DuesReturnFilterSet,
    ExpenseFilterSet,
    SetAsideFilterSet,
)
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside


class AllocationViewSet(ScopedModelViewSet):
    queryset = Allocation.objects.all()
    serializer_class = serializers.AllocationSerializer
    filterset_class = AllocationFilterSet
    ordering_fields = ["date", "amount"]


class ExpenseViewSet(ScopedModelViewSet):
    queryset = Expense.objects.all()
    serializer_class = serializers.ExpenseSerializer
    filterset_class = ExpenseFilterSet
    ordering_fields = ["date", "amount"]


class DuesReturnViewSet(ScopedModelViewSet):
    queryset = DuesReturn.objects.all()
    serializer_class = serializers.DuesReturnSerializer
    filterset_class = DuesReturnFilterSet
    ordering_fields = ["year"]


class SetAsideViewSet(ScopedModelViewSet):
    queryset = SetAside.objects.all()
    serializer_class = serializers.SetAsideSerializer
    filterset_class = SetAsideFilterSet
    ordering_fields = ["year", "amount"]


ROUTES = (("funding-allocations", AllocationViewSet), ("funding-expenses", ExpenseViewSet),
          ("funding-dues-returns", DuesReturnViewSet), ("funding-set-asides", SetAsideViewSet))
