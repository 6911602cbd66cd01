from django.contrib import admin

from core.admin import ReadOnlyAtRuntime

from .models import AtlasNeuron, AtlasPair


@admin.register(AtlasNeuron)
class AtlasNeuronAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["index", "name", "atlas_name", "neuron_class", "is_cell"]
    search_fields = ["name", "atlas_name"]


@admin.register(AtlasPair)
class AtlasPairAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["stimulated", "responder", "strain", "dff", "q", "q_eq", "n_observations"]
    list_filter = ["strain"]
    search_fields = ["stimulated__name", "responder__name"]
