from django.contrib import admin

from core.admin import ReadOnlyAtRuntime

from .models import NeuronFacts


@admin.register(NeuronFacts)
class NeuronFactsAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["name", "full_name", "transmitters", "body_segment", "x_um"]
    search_fields = ["name", "full_name", "description"]
