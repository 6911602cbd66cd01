"""Admin (DJ_ADMIN=1 only): every model browsable, read-only when the database is."""

from django.conf import settings
from django.contrib import admin

from .models import ImportedData


class ReadOnlyAtRuntime:
    """No add, change or delete while the database is opened read-only (DJ_DB_BUILD=0)."""

    def has_add_permission(self, request, *args):
        return settings.DB_BUILD and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return settings.DB_BUILD and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return settings.DB_BUILD and super().has_delete_permission(request, obj)


@admin.register(ImportedData)
class ImportedDataAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["source", "sha256"]
