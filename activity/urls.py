from django.urls import path

from . import views

app_name = "activity"

# The pages. The JSON endpoints (api.py) are django-ninja operations, routed by wormwideweb/api.py.
urlpatterns = [
    path("", views.index, name="index"),
    path("dataset/", views.dataset_browser, name="datasets"),
    path("find-neuron/", views.find_neuron, name="find-neuron"),
    path("explore/<str:dataset_id>/", views.explore, name="explore"),
    path("plot-multiple/", views.plot_multiple, name="plot-multiple"),
    path("aligned/", views.aligned, name="aligned"),
    path("replay/", views.replay, name="replay"),
    path("encoding/", views.encoding_index, name="encoding"),
    path("encoding/table/", views.encoding_table, name="encoding-table"),
    path("encoding/connectome/", views.encoding_connectome, name="encoding-connectome"),
]
