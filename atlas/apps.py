from django.apps import AppConfig


class AtlasConfig(AppConfig):
    """The signal propagation atlas (Randi et al. 2023): measured responses to stimulation."""

    name = "atlas"
