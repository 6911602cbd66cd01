"""Activity import: the published recordings in data/ -> the database.

Where each job lives:
- manifest.py        papers.json, dataset_types.json, event_styles.json, raw/<paper>.csv
- h5.py              one recording in the HDF5 layout (h5py): orientation, sign correction
- json_layout.py     one recording in the published per-recording JSON layout (spec 4.4)
- labeled_traces.py  the labelled-trace layout of data/atanas_kim_2023_subset
- labels.py          NeuroPAL label files, best confidence, the manual name/class maps
- recording.py       the Recording every reader returns, and the checks it must pass
- read.py            find every manifest row's file, read and check it (no database writes)
- write.py           replace the activity tables in one transaction
"""

from .errors import DataImportError, Problem, RecordingError
from .read import ActivityData, PaperReport, inputs_sha256, read_activity
from .write import write_activity

__all__ = [
    "ActivityData", "DataImportError", "PaperReport", "Problem", "RecordingError",
    "inputs_sha256", "read_activity", "write_activity",
]
