from django.urls import path

from . import views

app_name = "neurons"

# Under /connectome/neuron/ (wormwideweb/urls.py). The JSON endpoints (api.py) are django-ninja
# operations under /connectome/api/, routed by wormwideweb/api.py.
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("<str:name>/", views.neuron, name="page"),
]
