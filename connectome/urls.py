app_name = "connectome"

# The JSON endpoints (api.py) are django-ninja operations, routed by wormwideweb/api.py.
urlpatterns = []
