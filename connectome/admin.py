from django.contrib import admin

from core.admin import ReadOnlyAtRuntime

from .models import Dataset, Neuron, NeuronClass, NeuronMetrics, PathGraph, Synapse


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["dataset_id", "name", "dataset_type", "animal_time", "skip_gap_junction"]
    search_fields = ["dataset_id", "name"]
    exclude = ["available_neurons", "available_classes"]


@admin.register(NeuronClass)
class NeuronClassAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["name", "split_lr", "split_dv", "split_d_lr", "split_v_lr"]
    search_fields = ["name"]


@admin.register(Neuron)
class NeuronAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["name", "neuron_class", "cell_type", "cell_type_desc", "cell_category", "lr", "dv"]
    list_filter = ["cell_type", "cell_category"]
    search_fields = ["name", "neuron_class__name"]


@admin.register(Synapse)
class SynapseAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["dataset", "pre", "post", "synapse_type", "synapse_count"]
    list_filter = ["dataset", "synapse_type"]
    search_fields = ["pre__name", "post__name"]
    list_select_related = ["dataset", "pre", "post"]
    raw_id_fields = ["pre", "post"]


@admin.register(PathGraph)
class PathGraphAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["dataset", "level"]
    list_filter = ["level"]


@admin.register(NeuronMetrics)
class NeuronMetricsAdmin(ReadOnlyAtRuntime, admin.ModelAdmin):
    list_display = ["neuron", "dataset", "degree_in", "degree_out", "pagerank", "eigenvector"]
    list_filter = ["dataset"]
    search_fields = ["neuron__name"]
    list_select_related = ["dataset", "neuron"]

