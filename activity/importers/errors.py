"""What can go wrong while importing activity data."""

from dataclasses import dataclass

# A shared input (papers, types, manifests, labels) is missing or malformed: nothing is imported.
from core.importing import DataImportError  # noqa: F401 (re-exported for the activity importers)


class RecordingError(Exception):
    """One recording file is malformed or inconsistent: it is refused, the others go on."""


@dataclass(frozen=True)
class Problem:
    """A warning or a refused recording, reported in the import summary."""

    level: str  # "warning" or "error"
    where: str  # the file (or file and record) concerned
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"
