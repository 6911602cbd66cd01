"""`manage.py <command> --help` of every project command: its own description and options.

The expected phrases and options are those README.md documents for each command.
"""

import re

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = {"core", "connectome", "activity", "neurons", "atlas"}
EXPECTED = {
    # command: (a phrase of its own description, its options besides Django's)
    "populate_db": ("Build the whole database from the bundled data", ["--data-dir", "--if-needed"]),
    "init_data_connectome": ("Import the 15 published connectomes", ["--data-dir"]),
    "init_data_graph_precompute": ("Precompute what is derived from the whole graph", ["--data-dir"]),
    "init_data_gcamp": ("Import the whole-brain GCaMP recordings", ["--data-dir", "--strict"]),
    "update_encoding_dict_neuron_match": ("Match every class of the CePNEM encoding table", ["--data-dir"]),
    "update_encoding_dict": ("Import the class-level CePNEM encoding table", ["--data-dir"]),
    "update_neuron_match_dict": ("Build the find-neuron index", ["--data-dir"]),
    "init_data_neurons": ("Import what the published metadata", ["--data-dir"]),
    "init_data_atlas": ("Import the signal propagation atlas of Randi et al. 2023", ["--data-dir"]),
    "export_activity_data": ("Write every activity download", ["--out"]),
    "fetch_activity_data": ("Download the published activity data of every paper",
                            ["--paper", "--data-dir", "--dest", "--base-url", "--dry-run"]),
    "cache_activity": ("Warm the cache with the activity answers", ["--replay-connectome"]),
    "cache_connectome": ("Warm the cache with the connectome answers", []),
}
DJANGO_OPTIONS = {"-h", "--help", "--version", "-v", "--verbosity", "--settings", "--pythonpath", "--traceback",
                  "--no-color", "--force-color", "--skip-checks"}


def project_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app in PROJECT_APPS}


def test_every_project_command_is_checked_here():
    assert set(project_commands()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_help_shows_the_commands_own_description_and_each_option_with_its_help(name):
    parser = load_command_class(project_commands()[name], name).create_parser("manage.py", name)
    text = " ".join(parser.format_help().split())  # argparse wraps lines
    phrase, options = EXPECTED[name]
    assert text.startswith(f"usage: manage.py {name} ")
    assert phrase in text
    own = [action for action in parser._actions if not set(action.option_strings) & DJANGO_OPTIONS]
    assert sorted(a.option_strings[-1] for a in own) == sorted(options)
    for action in own:
        assert action.help and len(action.help) > 15, f"{name} {action.option_strings}: no help"
        assert re.search(re.escape(action.option_strings[-1]) + r"\b", text)
        assert " ".join(action.help.split()).split("%")[0][:30] in text


WRITERS = {"populate_db", "init_data_connectome", "init_data_graph_precompute", "init_data_gcamp",
           "update_encoding_dict_neuron_match", "update_encoding_dict", "update_neuron_match_dict", "init_data_neurons",
           "init_data_atlas"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_commands_that_write_say_they_need_dj_db_build(name):
    text = " ".join(load_command_class(project_commands()[name], name).create_parser("manage.py", name)
                    .format_help().split())
    assert ("DJ_DB_BUILD=1" in text) == (name in WRITERS)


def test_descriptions_are_each_commands_own():
    descriptions = [load_command_class(app, name).help for name, app in project_commands().items()]
    assert len(set(descriptions)) == len(descriptions)
