from django.db import models


class ImportedData(models.Model):
    """Which input files the database was built from: one row per data source.

    `sha256` hashes every input file of the source, so `populate_db --if-needed` can tell
    whether the bundled data changed, and cache keys can carry the data version.
    """

    source = models.CharField(max_length=50, unique=True)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "imported data"

    def __str__(self):
        return f"{self.source} ({self.sha256[:12]})"
