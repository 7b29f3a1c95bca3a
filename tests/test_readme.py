"""The README stays true: its shell sessions run, and their output is what the commands print.

Every ```console block of README.md is a session: lines starting with ``$ `` are commands, the
lines after them their expected output. The sessions run in order in one scratch folder holding a
copy of examples/, with the installed ``rolegraph`` on PATH. A command must exit with status 0
(or the status a ``# exit N`` comment on its line names), and every expected output line must
appear in what it printed (timings in parentheses and lines with an ellipsis are not compared).
``curl`` sessions are checked by tests/test_endpoint.py, not here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent


def sessions() -> list[list[tuple[str, list[str], int]]]:
    text = README.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        steps: list[tuple[str, list[str], int]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("  # exit ")
                steps.append((command.strip(), [], int(comment) if comment.strip().isdigit() else 0))
            elif steps:
                steps[-1][1].append(line)
        if steps and not steps[0][0].startswith("curl"):
            out.append(steps)
    return out


def _normal(line: str) -> str:
    line = re.sub(r"\(\d+(\.\d+)? s\)", "(s)", line)
    return " ".join(line.split())


def test_readme_opens_with_the_two_commands():
    head = README.read_text(encoding="utf-8").splitlines()[:25]
    assert any("make demo" in line for line in head) and any("make test" in line for line in head)


def test_every_command_is_documented():
    from rolegraph.cli import cli

    text = README.read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"rolegraph {name}" not in text]
    assert not missing, f"commands missing from README.md: {missing}"


def test_named_query_table_is_current():
    from rolegraph.queries import reference

    assert reference().strip() in README.read_text(encoding="utf-8"), (
        "README.md's named-query table is out of date: paste rolegraph.queries.reference()"
    )


@pytest.mark.slow
def test_readme_sessions_run(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", COLUMNS="200")
    for steps in sessions():
        for command, expected, status in steps:
            result = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
            printed = _normal(result.stdout + "\n" + result.stderr)
            assert result.returncode == status, f"$ {command}\n{result.stdout}\n{result.stderr}"
            for line in expected:
                if line.strip() and "…" not in line:
                    assert _normal(line) in printed, f"$ {command}: README line not printed: {line!r}\n{printed}"


@pytest.mark.slow
def test_readme_python_session_runs(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "README.md has no Python session"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for code in blocks:
        result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
