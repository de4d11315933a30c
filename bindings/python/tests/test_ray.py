"""hegui.ray: the same findings as `hegui check --format json` over Ray Data map_batches."""

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT, check_json

ray = pytest.importorskip("ray")
STATUTES = Path(os.environ.get("HEGUI_STATUTES", ROOT.parent / "shared" / "corpus" / "statutes"))


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    yield
    ray.shutdown()


def key(path, rule, byte_range):
    return (path, rule, byte_range["start"], byte_range["end"])


def findings_of(root):
    import hegui.ray

    df = hegui.ray.scan(hegui.ray.read_files(root)).to_pandas()
    return sorted(key(p, r, json.loads(b)) for p, r, b in zip(df["path"], df["rule"], df["byte_range"]))


def test_ray_scan_equals_the_cli_on_fixtures(ray_local):
    got = findings_of(str(ROOT / "fixtures"))
    want = sorted(key(f["path"], f["rule"], f["byte_range"]) for f in check_json([str(ROOT / "fixtures")])["findings"])
    assert len(want) > 20
    assert got == want


@pytest.mark.skipif(not STATUTES.is_dir(), reason=f"{STATUTES} absent (../shared not checked out): Ray statutes job skipped")
def test_ray_scan_equals_the_cli_on_statutes(ray_local):
    want = sorted(key(f["path"], f["rule"], f["byte_range"]) for f in check_json([str(STATUTES)])["findings"])
    assert findings_of(str(STATUTES)) == want
