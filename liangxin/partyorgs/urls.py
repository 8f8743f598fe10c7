app_name = "partyorgs"
urlpatterns = []
