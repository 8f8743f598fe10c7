from liangxin.core.api import ScopedModelSerializer
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside


def _serializer(model_class, field_names):
    meta = type("Meta", (), {"model": model_class, "fields": ["id", *field_names, "created", "updated"],
                             "read_only_fields": ["created", "updated"]})
    return type(f"{model_class.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})


AllocationSerializer = _serializer(Allocation, ["region", "party_org", "year", "date", "amount", "note"])
ExpenseSerializer = _serializer(Expense, ["party_org", "year", "date", "amount", "purpose", "description"])
DuesReturnSerializer = _serializer(DuesReturn, ["party_org", "year", "retained", "returned", "returned_on"])
SetAsideSerializer = _serializer(SetAside, ["organization", "year", "amount"])
