from django.apps import AppConfig


class NeuronsConfig(AppConfig):
    """What is known about each cell: identity, transmitters, receptors, position; the neuron page."""

    name = "neurons"
