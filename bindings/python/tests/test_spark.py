"""hegui.spark on a local[2] Spark: findings equal `hegui check --format json`, clusters equal
`hegui dedup`'s, and the wheel reaches the workers as an unpacked archive (spark.archives)."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, check_json, run_cli

pyspark = pytest.importorskip("pyspark")
STATUTES = Path(os.environ.get("HEGUI_STATUTES", ROOT.parent / "shared" / "corpus" / "statutes"))


def spark_session(extra=()):
    from pyspark.sql import SparkSession

    b = SparkSession.builder.master("local[2]").appName("hegui-test").config("spark.ui.enabled", "false")
    b = b.config("spark.sql.shuffle.partitions", "4")
    # Small articles: a file costs 4 MB of a 128 MB split by default (33 tasks for the statutes);
    # a few larger splits spare task overhead on two cores.
    b = b.config("spark.sql.files.openCostInBytes", str(256 * 1024)).config("spark.sql.files.maxPartitionBytes", str(32 << 20))
    for k, v in extra:
        b = b.config(k, v)
    return b.getOrCreate()


@pytest.fixture(scope="module")
def spark():
    s = spark_session()
    yield s
    s.stop()


def key(f):
    return (f["path"], f["rule"], f["byte_range"]["start"], f["byte_range"]["end"])


def test_scan_files_equals_the_cli_on_a_folder_with_encoded_names(spark, tmp_path):
    # Non-ASCII and space in folder names: input_file_name() URL-encodes them.
    (tmp_path / "公众号 草稿").mkdir()
    (tmp_path / "公众号 草稿" / "促销%20.md").write_text("# 标题\n\n本店商品全网最低价！\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>国家级产品，<b>最佳</b>选择</p>", encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    import hegui.spark

    got = hegui.spark.scan_files(spark, str(tmp_path)).collect()
    cli = check_json([str(tmp_path)])["findings"]
    assert len(cli) >= 3
    assert sorted(key(r.asDict(recursive=True)) for r in got) == sorted(key(f) for f in cli)
    row = got[0].asDict(recursive=True)
    [same] = [f for f in cli if key(f) == key(row)]
    assert {k: row[k] for k in ("message", "severity", "start", "end", "matched", "term", "context", "category")} == {
        k: same[k] for k in ("message", "severity", "start", "end", "matched", "term", "context", "category")
    }


@pytest.mark.skipif(not STATUTES.is_dir(), reason=f"{STATUTES} absent (../shared not checked out): statutes job skipped")
def test_statutes_job_equals_hegui_check_and_dedup(spark):
    import hegui.spark

    root = str(STATUTES)
    # Read once, scanned and searched for near-duplicates from the cache.
    docs = hegui.spark.read_files(spark, root).cache()
    findings = hegui.spark.scan_documents(docs).cache()
    got = sorted(key(r.asDict(recursive=True)) for r in findings.select("path", "rule", "byte_range").collect())
    cli = check_json([root])
    want = sorted(key(f) for f in cli["findings"])
    assert len(want) > 100
    assert got == want
    n_docs = cli["summary"]["files_scanned"]
    audit = {r["category"]: r for r in hegui.spark.audit(findings, n_docs).collect()}
    per_cat = {}
    for f in cli["findings"]:
        per_cat.setdefault(f["category"], set()).add(f["path"])
    assert {c: r["articles"] for c, r in audit.items()} == {c: len(p) for c, p in per_cat.items()}

    # Near-duplicate clusters: the same as `hegui dedup --json`.
    code, out, err = run_cli(["dedup", "--no-config", "--json", root])
    assert code in (0, 1), err
    dedup = json.loads(out)
    clusters, pairs = hegui.spark.near_duplicates(docs)
    got_clusters = {}
    for r in clusters.collect():
        got_clusters.setdefault(r["cluster"], set()).add(r["path"])
    assert len(dedup["clusters"]) > 10
    assert sorted(sorted(c) for c in got_clusters.values()) == sorted(sorted(c) for c in dedup["clusters"])
    # Pairs: the same documents, coverages both ways and passages (byte ranges in both files, kind).
    got_pairs = sorted(
        (
            r["a"],
            r["b"],
            round(r["coverage_a"], 9),
            round(r["coverage_b"], 9),
            [(tuple(p["a"]), tuple(p["b"]), p["kind"], p["chars"]) for p in json.loads(r["passages"])],
        )
        for r in pairs.collect()
    )
    want_pairs = sorted(
        (
            p["a"],
            p["b"],
            round(p["coverage_a"], 9),
            round(p["coverage_b"], 9),
            [((q["a"]["start"], q["a"]["end"]), (q["b"]["start"], q["b"]["end"]), q["kind"], q["chars"]) for q in p["passages"]],
        )
        for p in dedup["pairs"]
    )
    assert got_pairs == want_pairs


def pair_rows(rows):
    """Pairs as comparable tuples: documents, coverages both ways (9 decimals) and passages (byte
    ranges in both files, kind, characters), from Spark rows or `hegui dedup --json` pairs."""
    out = []
    for r in rows:
        if "passages" in r and isinstance(r["passages"], str):
            ps = [(tuple(p["a"]), tuple(p["b"]), p["kind"], p["chars"]) for p in json.loads(r["passages"])]
        else:
            ps = [((q["a"]["start"], q["a"]["end"]), (q["b"]["start"], q["b"]["end"]), q["kind"], q["chars"]) for q in r["passages"]]
        out.append((r["a"], r["b"], round(r["coverage_a"], 9), round(r["coverage_b"], 9), ps))
    return sorted(out)


def test_near_duplicates_keep_the_index_candidates_per_document(spark, tmp_path):
    """A text copied into more than MAX_CANDIDATES documents: `hegui dedup` aligns only the 200
    documents sharing most rare hashes with each document (ties in path order); Spark keeps the
    same ones, so pairs and clusters stay equal."""
    import random

    import hegui
    import hegui.spark

    assert hegui.MAX_CANDIDATES == 200
    n = hegui.MAX_CANDIDATES + 12
    rng = random.Random(19)
    han = lambda k: "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(k))  # noqa: E731
    base = han(140)
    root = tmp_path / "copies"
    root.mkdir()
    for j in range(n):
        # Every document shares the first 90 to 140 characters of one text (so the number of
        # shared hashes varies and ranks the candidates), plus 40 characters of its own.
        shared = 90 + (j * 37) % 51
        (root / f"d{j:03}.txt").write_text(base[:shared] + "。" + han(40) + "。\n", encoding="utf-8")
    # Every hash is in all n documents: raise the boilerplate cut above n, on both sides.
    cfg = tmp_path / "hegui.toml"
    cfg.write_text("[dedup]\nmax-doc-frequency = 1000\n", encoding="utf-8")
    code, out, err = run_cli(["dedup", "--config", str(cfg), "--json", str(root)])
    assert code in (0, 1), err
    dedup = json.loads(out)
    first = min(p["a"] for p in dedup["pairs"])
    # The case exercises the cut: the first document has n - 1 candidates, 200 are aligned.
    assert sum(p["a"] == first for p in dedup["pairs"]) == hegui.MAX_CANDIDATES
    assert len(dedup["pairs"]) < n * (n - 1) // 2

    docs = hegui.spark.read_files(spark, str(root))
    clusters, pairs = hegui.spark.near_duplicates(docs, max_doc_frequency=1000)
    assert pair_rows(r.asDict() for r in pairs.collect()) == pair_rows(dedup["pairs"])
    got = {}
    for r in clusters.collect():
        got.setdefault(r["cluster"], set()).add(r["path"])
    assert sorted(sorted(c) for c in got.values()) == sorted(sorted(c) for c in dedup["clusters"])


def test_wheel_shipped_as_spark_archive(tmp_path):
    """The driver imports hegui from an unpacked wheel; the workers get it only through
    spark.archives and the sys.path insert (their PYTHONPATH does not hold it)."""
    wheel = os.environ.get("HEGUI_WHEEL")
    if not wheel:
        pytest.skip("HEGUI_WHEEL (a built wheel) not set")
    # Spark unpacks .zip/.tar.gz/.jar archives, not .whl: ship the wheel (a zip) under a .zip name.
    shipped = tmp_path / "hegui-wheel.zip"
    shipped.write_bytes(Path(wheel).read_bytes())
    unpacked = tmp_path / "driver"
    zipfile.ZipFile(wheel).extractall(unpacked)
    script = tmp_path / "job.py"
    script.write_text(
        f"""
import sys
sys.path.insert(0, {str(unpacked)!r})
import hegui, hegui.spark
assert hegui.__file__.startswith({str(unpacked)!r}), hegui.__file__
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.archives", {str(shipped)!r} + "#hegui_wheel").getOrCreate())
docs = spark.createDataFrame([("a.txt", "本店商品全网最低价！"), ("b.txt", "无")], "path string, text string")
# First without the archive (workers are reused: once a path is inserted it stays): the workers
# cannot import hegui.
try:
    hegui.spark.scan_documents(docs).collect()
    print("NO-ARCHIVE-OK")
except Exception as e:
    print("NO-ARCHIVE-FAILS")
rows = hegui.spark.scan_documents(docs, archive="hegui_wheel").collect()
print("RULES", sorted(r["rule"] for r in rows))
spark.stop()
""",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "RULES ['AD004']" in out.stdout, out.stdout
    # When hegui is not installed in this interpreter (CI puts the unpacked wheel on PYTHONPATH
    # only), the workers depend on the archive alone.
    bare = subprocess.run([sys.executable, "-c", "import hegui"], env=env, capture_output=True).returncode != 0
    if bare:
        assert "NO-ARCHIVE-FAILS" in out.stdout, out.stdout
    else:
        print("note: hegui is installed in this interpreter; the no-archive failure is not checked")
