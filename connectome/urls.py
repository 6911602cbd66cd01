from django.urls import path

from . import api

app_name = "connectome"

urlpatterns = [
    path("api/available-neurons/", api.available_neurons, name="api-available-neurons"),
    path("api/get-edges/", api.get_edges, name="api-get-edges"),
    path("api/find-paths/", api.find_paths, name="api-find-paths"),
]
