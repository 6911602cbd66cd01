"""The patterns the OpenAPI schema declares say exactly what the server accepts (core/api.py):
checked here against the server's own parsing, on every short string of a small alphabet and on
strings generated from the patterns themselves."""

import itertools
import re
from types import SimpleNamespace
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from activity import aligned
from activity.api import AROUND_EVENT_PATTERN, WINDOW_PATTERN, _index_list
from core.api import MAX_INDEX, ApiError, index_list_schema, list_schema

# Separators, digits, letters and whitespace of several kinds (str.strip() removes all of them).
ALPHABET = [" ", ",", "-", "0", "1", "a", "\t", "\u2003"]


def server_takes_list(text: str, max_items: int) -> bool:
    """As the views read datasets=, d=: items split on ',', stripped, blank ones dropped."""
    return any(item.strip() for item in text.split(",")) and len(text.split(",")) <= max_items


def server_takes_indices(text: str) -> bool:
    """Whether activity/api.py takes n=text (any index exists in this stand-in recording)."""
    try:
        return bool(_index_list(SimpleNamespace(dataset_id="r", n_neuron=MAX_INDEX), text))
    except ApiError:
        return False


def test_list_and_index_patterns_match_exactly_what_the_server_takes():
    lists, indices = re.compile(list_schema(3)["pattern"]), re.compile(index_list_schema(3)["pattern"])
    with mock.patch("activity.api.MAX_INDEX_TOKENS", 3):
        for n in range(7):
            for text in map("".join, itertools.product(ALPHABET, repeat=n)):
                assert bool(lists.search(text)) == server_takes_list(text, 3), repr(text)
                assert bool(indices.search(text)) == server_takes_indices(text), repr(text)


def test_index_pattern_bounds():
    pattern = re.compile(index_list_schema(1000)["pattern"])
    assert pattern.search(str(MAX_INDEX)) and pattern.search("0" * 17 + "1") and pattern.search("1-2,3")
    assert not pattern.search(str(MAX_INDEX + 1)) and not pattern.search("0") and not pattern.search("1,2.0")
    assert pattern.search(",".join(["7"] * 1000)) and not pattern.search(",".join(["7"] * 1001))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(list_schema(15)["pattern"]))
def test_generated_lists_are_taken(text):
    assert server_takes_list(text, 15)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(index_list_schema(1000)["pattern"]))
def test_generated_index_lists_are_taken(text):
    assert server_takes_indices(text)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(AROUND_EVENT_PATTERN))
def test_generated_windows_are_answered(text):
    text = text.strip()  # as the server reads it (core.api.checked_by); Python's $ also matches before "\n"
    assert re.fullmatch(WINDOW_PATTERN, text)
    assert len(aligned.grid(aligned.parse_window(text))) >= 2
