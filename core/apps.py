from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    """Home, about, health check, robots.txt, data version and cache keys."""

    name = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import database  # noqa: F401  (registers the database system check)

        connection_created.connect(_check_connection, dispatch_uid="core.check_connection")

        if not settings.DB_BUILD:
            # Logging in normally writes last_login; the runtime database is read-only.
            from django.contrib.auth.models import update_last_login
            from django.contrib.auth.signals import user_logged_in

            user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


def _check_connection(sender, connection, **kwargs):
    """A connection that opened a replaced database file is not used with the old catalogs."""
    from .cache import check_connection

    if connection.alias == "default":
        check_connection()
