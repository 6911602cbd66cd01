"""Root URLs. The JSON API (wormwideweb/api.py) keeps the original URLs under /connectome/api/
and /activity/; the Django admin is mounted only when DJ_ADMIN=1."""

from django.conf import settings
from django.urls import include, path

from . import api

urlpatterns = [
    path("", include("core.urls")),
    path("connectome/neuron/", include("neurons.urls")),  # the neuron pages (neurons app)
    path("connectome/", include("connectome.urls")),
    path("activity/", include("activity.urls")),
    path("", api.urls()),
]

if settings.ADMIN_ENABLED:
    from django.contrib import admin

    urlpatterns.append(path("access-admin-www/", admin.site.urls))

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
