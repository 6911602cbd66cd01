app_name = "activity"

# The JSON endpoints (api.py) are django-ninja operations, routed by wormwideweb/api.py.
urlpatterns = []
