"""Root URLs. The Django admin is mounted only when DJ_ADMIN=1."""

from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("connectome/", include("connectome.urls")),
    path("activity/", include("activity.urls")),
]

if settings.ADMIN_ENABLED:
    from django.contrib import admin

    urlpatterns.append(path("access-admin-www/", admin.site.urls))

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
