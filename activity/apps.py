from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """Whole-brain GCaMP recordings: traces, behaviour, NeuroPAL labels, encoding, replay."""

    name = "activity"
