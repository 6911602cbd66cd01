"""What splits a recording into segments, shared by the import (build time) and the aligned
averages (request time)."""

GAP_FACTOR = 1.2  # an interval longer than 1.2 x the median one is a break between segments
