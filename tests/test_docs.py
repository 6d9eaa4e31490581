"""docs/cli.md documents every command and every option of the CLI (as sqlite-utils does).

This walks the click group itself, so a new command or option that is not in the
command reference fails here until someone documents it.
"""

from __future__ import annotations

import re

import click
import pytest

from align.cli import cli


def walk(group: click.Group, path: tuple[str, ...] = ()):
    """(command path, command) for the group and every command under it."""
    yield path, group
    if isinstance(group, click.Group):
        for name, command in sorted(group.commands.items()):
            if not command.hidden:
                yield from walk(command, path + (name,))


def documented_options(command: click.Command) -> list[str]:
    """The flags a user types: long names (--output), or the short one when there is no long."""
    flags = []
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden or param.name == "help":
            continue
        names = param.opts + param.secondary_opts
        longs = [n for n in names if n.startswith("--")]
        flags.extend(longs or names)
    return flags


@pytest.fixture(scope="module")
def readme(repo) -> str:
    return (repo / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(repo) -> str:
    return (repo / "docs" / "cli.md").read_text(encoding="utf-8")


def mentioned(readme: str, token: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", readme) is not None


COMMANDS = [(path, command) for path, command in walk(cli) if path]
OPTIONS = [(path, flag) for path, command in walk(cli) for flag in documented_options(command)]


def test_the_cli_has_the_contract_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"run", "pair", "eval", "segment"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_every_command_is_in_the_reference(reference, path):
    documented = f"align {' '.join(path)}" in reference
    assert documented, f"docs/cli.md does not mention `align {' '.join(path)}`"


@pytest.mark.parametrize("path, flag", OPTIONS, ids=[f"{' '.join(p) or 'align'} {f}" for p, f in OPTIONS])
def test_every_option_is_in_the_reference(reference, path, flag):
    documented = mentioned(reference, flag)
    assert documented, f"docs/cli.md does not mention {flag} of `{' '.join(('align', *path))}`"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_every_command_help_has_an_example(path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout, f"`align {' '.join(path)} --help` has no example"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one(repo, readme):
    assert "pip install -e . && align run" in readme
    match = re.search(r'pip install -e "\.\[test\]" && python -m pytest[^\n`]*', readme)
    assert match, "README lacks the test command"
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    assert match.group(0) in ci


def test_readme_stays_short_and_links_every_docs_page(repo, readme):
    assert len(readme.splitlines()) < 150
    for page in sorted((repo / "docs").glob("*.md")):
        assert f"docs/{page.name}" in readme, f"README.md does not link docs/{page.name}"
