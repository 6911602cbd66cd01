"""Cache warming: call API views as GET requests so their answers land in the shared cache.

The requests go through the same views (and so the same cache keys) as real ones. With the
default in-memory cache the answers live only as long as the warming process, so warming
pays off with a shared cache (DJ_USE_REDIS=1); without one it still checks that every
answer builds.
"""

from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve

from .base import ProgressCommand


class WarmCommand(ProgressCommand):
    """A command that warms the cache with GET requests and reports what failed."""

    def warm(self, requests: list[tuple[str, dict]]) -> None:
        """GET each (path, params); print progress every 10 % and a summary."""
        if not settings.USE_REDIS:
            self.stdout.write(
                self.style.WARNING(
                    "The cache is this process's memory (DJ_USE_REDIS=0): nothing outlives this command."
                )
            )
        factory, failed = RequestFactory(), []
        step = max(1, len(requests) // 10)
        for i, (path, params) in enumerate(requests, 1):
            match = resolve(path)
            response = match.func(factory.get(path, params), *match.args, **match.kwargs)
            if response.status_code != 200:
                failed.append(f"{path} {params or ''} -> {response.status_code}")
            if i % step == 0 or i == len(requests):
                self.progress(f"{i}/{len(requests)} answers")
        for line in failed:
            self.stdout.write(self.style.WARNING(f"  not cached: {line}"))
        self.stdout.write(
            self.style.SUCCESS(f"Warmed {len(requests) - len(failed)} of {len(requests)} answers in {self.elapsed()}.")
        )
