"""The README and the CLI agree: every command and option the README shows exists, and every command is shown.

As datasette's and sqlite-utils' test_docs: documentation drifts silently unless a test reads it against the code.
Commands are read from `oversight ...` in the README's code blocks (at a line start or after `&&`) and in inline
code; options are the `-x` / `--long` words after them. `oversight --help` and `oversight COMMAND --help` (a
placeholder in capitals) speak of the CLI as a whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from oversight.cli import app
from oversight.errors import EXIT_MEANINGS, ExitCode

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_IN_BLOCK = re.compile(r"(?:^|&&\s*)oversight ([^&#\n]*)", re.MULTILINE)
_INLINE = re.compile(r"`oversight ([^`]*)`")
_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def _commands(command: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every command and group of the CLI (Typer's own click objects) by its path of names; the root is ()."""
    found = {path: command}
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            if not sub.hidden:
                found.update(_commands(sub, (*path, name)))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def _mentions() -> list[tuple[tuple[str, ...], list[str]]]:
    """(command path, options) for every `oversight ...` line of the README."""
    text = README.read_text(encoding="utf-8")
    lines = [m.group(1) for block in _BLOCK.findall(text) for m in _IN_BLOCK.finditer(block)]
    lines += [m.group(1) for m in _INLINE.finditer(_BLOCK.sub("", text))]
    mentions = []
    for line in lines:
        words = line.split()
        path: tuple[str, ...] = ()
        for word in words:
            if (*path, word) not in COMMANDS:
                break
            path = (*path, word)
        if path or not words or words[0].startswith("-") or words[0].isupper():
            mentions.append((path, _OPTION.findall(line)))
        else:
            mentions.append((("?", words[0]), []))
    return mentions


MENTIONS = _mentions()


def _options(command: Any) -> set[str]:
    names = {"--help"}
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


@pytest.mark.parametrize(("path", "options"), MENTIONS, ids=[" ".join(p) or "oversight" for p, _ in MENTIONS])
def test_readme_command_exists_with_its_options(path: tuple[str, ...], options: list[str]) -> None:
    assert path in COMMANDS, f"the README shows `oversight {path[-1]}`, which is no command"
    unknown = sorted(set(options) - _options(COMMANDS[path]))
    assert not unknown, f"`oversight {' '.join(path)}` has no option {', '.join(unknown)}"


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=lambda p: " ".join(p))
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    shown = {p[: len(path)] for p, _ in MENTIONS}
    assert path in shown, f"`oversight {' '.join(path)}` is not in the README"


def test_readme_has_one_commands_section() -> None:
    headings = re.findall(r"^## Commands\s*$", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(headings) == 1


@pytest.mark.parametrize("code", list(ExitCode), ids=lambda c: c.name)
def test_readme_states_each_exit_code(code: ExitCode) -> None:
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert f"`{int(code)}` {EXIT_MEANINGS[code]}" in readme
