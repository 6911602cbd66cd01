"""The production settings with the answer cache off (Django's DummyCache): every request is
computed, as the first ask of a query is. Used by `bench/connectome_api.py --uncached`."""

from wormwideweb.settings import *  # noqa: F403 (all of them, then one changed)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
