from django.contrib import admin

from core.admin import ReadOnlyAtRuntime

from .models import (
    EncodingClass,
    EncodingNeuronMatch,
    GCaMPDataset,
    GCaMPDatasetType,
    GCaMPEventStyle,
    GCaMPNeuron,
    GCaMPPaper,
    NeuronMatch,
)


@admin.register(GCaMPPaper)
class GCaMPPaperAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["paper_id", "title_short", "neuropal_label", "encoding_data", "repository_url"]


@admin.register(GCaMPDatasetType)
class GCaMPDatasetTypeAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["type_id", "name", "paper", "color_background"]


@admin.register(GCaMPEventStyle)
class GCaMPEventStyleAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["event_id", "paper", "color", "width"]


@admin.register(GCaMPDataset)
class GCaMPDatasetAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["dataset_id", "paper", "n_neuron", "n_labeled", "max_t", "avg_timestep", "source_format"]
    list_filter = ["paper", "source_format"]
    search_fields = ["dataset_id", "dataset_name"]
    # The large arrays are not shown: download the recording instead.
    exclude = ["timestamp_confocal", "behavior", "encoding", "dataset_types"]


@admin.register(GCaMPNeuron)
class GCaMPNeuronAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["dataset", "idx_neuron", "neuron_name", "neuron_class", "lr", "dv"]
    list_filter = ["dataset"]
    search_fields = ["neuron_name", "neuron_class"]
    list_select_related = ["dataset"]
    exclude = ["trace", "trace_original"]


@admin.register(NeuronMatch)
class NeuronMatchAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["neuron_class", "lr", "dv", "dataset", "idx_neurons"]
    search_fields = ["neuron_class"]


@admin.register(EncodingClass)
class EncodingClassAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["name", "count", "enc_strength_v", "enc_v", "enc_hc", "enc_pumping", "tau"]
    search_fields = ["name"]


@admin.register(EncodingNeuronMatch)
class EncodingNeuronMatchAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["neuron", "encoding_class"]
    search_fields = ["neuron", "encoding_class"]
