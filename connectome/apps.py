from django.apps import AppConfig


class ConnectomeConfig(AppConfig):
    """Connectome datasets, neurons, synapses, edge aggregation and path finding."""

    name = "connectome"
