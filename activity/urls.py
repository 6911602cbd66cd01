from django.urls import path

from . import api

app_name = "activity"

# Fixed names first: <dataset_id>/<idx_neuron>/ would otherwise swallow them.
urlpatterns = [
    path("plot-multiple-data/", api.plot_multiple_data, name="plot-multiple-data"),
    path("api/data/datasets/", api.datasets, name="api-datasets"),
    path("api/data/find_neuron/", api.find_neuron, name="api-find-neuron"),
    path("api/data/atanas_kim_2023_encoding/", api.atanas_kim_2023_encoding, name="api-encoding-dictionary"),
    path("api/data/encoding_table/", api.encoding_table, name="api-encoding-table"),
    path("api/data/replay/", api.replay, name="api-replay"),
    path("api/data/download/paper/<str:paper_id>/", api.download_paper, name="api-download-paper"),
    path("api/data/download/<str:dataset_id>/", api.download_recording, name="api-download"),
    path("api/data/<str:dataset_id>/behavior/", api.behavior, name="api-behavior"),
    path("api/data/<str:dataset_id>/encoding/", api.encoding_view, name="api-encoding"),
    path("api/data/<str:dataset_id>/traces/", api.traces, name="api-traces"),
    path("api/data/<str:dataset_id>/correlation/", api.correlation, name="api-correlation"),
    path("api/data/<str:dataset_id>/<str:idx_neuron>/", api.trace, name="api-trace"),
]
