"""Activity models arrive with the GCaMP import (issue 4)."""
