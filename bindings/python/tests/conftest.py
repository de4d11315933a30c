"""Shared helpers: the repository root and the `hegui` binary the wheel is compared with."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def hegui_bin():
    """The CLI built from this checkout (HEGUI_BIN, else target/release/hegui)."""
    env = os.environ.get("HEGUI_BIN")
    if env:
        return env
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    path = Path(target) / "release" / "hegui"
    if not path.exists():
        pytest.skip(f"no hegui binary at {path}: run `cargo build --release` or set HEGUI_BIN")
    return str(path)


def run_cli(args, cwd=ROOT):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    p = subprocess.run([hegui_bin(), *args], cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check_json(paths, cwd=ROOT, extra=()):
    """`hegui check --no-config --format json PATHS`: the parsed document."""
    code, out, err = run_cli(["check", "--no-config", "--format", "json", *extra, *paths], cwd=cwd)
    assert code in (0, 1), err
    return json.loads(out)
