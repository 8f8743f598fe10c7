from liangxin.core.views import object_urls
from liangxin.pairing import object_views
from liangxin.pairing.models import PairedUnit, Pairing

app_name = "pairing"
urlpatterns = [
    *object_urls(
        PairedUnit, object_views.PairedUnitListView, object_views.PairedUnitDetailView,
        object_views.PairedUnitEditView, object_views.PairedUnitDeleteView, prefix="units/",
    ),
    *object_urls(
        Pairing, object_views.PairingListView, object_views.PairingDetailView,
        object_views.PairingEditView, object_views.PairingDeleteView, prefix="pairings/",
    ),
]
