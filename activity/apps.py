from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """Whole-brain GCaMP recordings, behaviour and encoding (built in a later issue)."""

    name = "activity"
