from django.urls import path

from . import views

app_name = "connectome"

# The pages. The JSON endpoints (api.py) are django-ninja operations, routed by wormwideweb/api.py.
urlpatterns = [
    path("", views.index, name="index"),
    path("explore/", views.explore, name="explore"),
]
