"""What every command module shares: library errors as clean click errors, and the --graph option."""
from __future__ import annotations

from pathlib import Path

import click

from graph.errors import ActorgraphError


class Fail(click.ClickException):
    """A library error shown as one line, exit code 1."""


def run(fn, *args, **kwargs):
    """Call a library function; turn our own errors, and the system's that reach this far (a full disk, a
    folder that cannot be written), into a clean message."""
    try:
        return fn(*args, **kwargs)
    except ActorgraphError as e:
        raise Fail(str(e)) from None
    except OSError as e:
        raise Fail(f"{f'{e.filename}: ' if e.filename else ''}{e.strerror or e}") from None


GRAPH_OPTION = click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("exports"),
                            show_default=True, help="A build folder (output of `build`) or a single RDF file.")
