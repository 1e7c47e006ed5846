"""Every command has help that ends with an example, and the README shows it."""
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*prefix, name))


ALL = list(commands(main))


def test_there_are_commands():
    names = {" ".join(n) for n, _ in ALL}
    assert {"build", "query", "export", "centrality", "view", "validate", "explain", "candidates",
            "rules check", "rules score", "push"} <= names


@pytest.mark.parametrize("name", [" ".join(n) for n, _ in ALL])
def test_help_has_an_example_and_readme_mentions_it(name):
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`actorgraph {name} --help` gives no example"
    assert f"actorgraph {name}" in README, f"README does not show `actorgraph {name}`"


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.returncode == 0 and "build" in out.stdout
