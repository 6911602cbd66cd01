from django.urls import path

from . import views

app_name = "connectome"

# The pages. The JSON endpoints (api.py) are django-ninja operations, routed by wormwideweb/api.py.
urlpatterns = [
    path("", views.index, name="index"),
    path("explore/", views.explore, name="explore"),
    path("path/", views.path, name="path"),
    path("path/several/", views.path_several, name="path-several"),
    path("path/matrix/", views.path_matrix, name="path-matrix"),
    path("development/", views.development, name="development"),
    path("compare/", views.compare, name="compare"),
    path("matrix/", views.matrix, name="matrix"),
]
