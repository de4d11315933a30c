"""Throughput of the wheel against the CLI on the same files (a measurement, not a test).

    PYTHONPATH=<unpacked wheel> python bench.py /work/shared/corpus/statutes [--spark]

Prints: files, MB, CLI `check -j 1` seconds, wheel `scan_batch` seconds (one thread), and with
--spark the `local[2]` scan_files job (count of findings) seconds, with the per-article cost and
the core-hours it projects for 10^7 articles.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import hegui

root = sys.argv[1]
spark_too = "--spark" in sys.argv
files = sorted(p for p in Path(root).rglob("*") if p.suffix.lower() in (".md", ".txt", ".html", ".htm"))
texts = [p.read_text(encoding="utf-8") for p in files]
paths = [str(p) for p in files]
mb = sum(len(t.encode()) for t in texts) / 1e6
hegui_bin = os.environ.get("HEGUI_BIN", "target/release/hegui")

def best(f, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out

cli_t, cli_out = best(lambda: subprocess.run(
    [hegui_bin, "check", "--no-config", "-j", "1", "--format", "json", root], capture_output=True, text=True).stdout)
cli_n = len(json.loads(cli_out)["findings"])
scanner = hegui.Scanner()
py_t, py_out = best(lambda: scanner.scan_batch(texts, paths))
py_n = sum(len(f) for f in py_out)
print(f"files {len(files)}  {mb:.1f} MB  findings cli {cli_n} wheel {py_n}")
print(f"CLI check -j1 (incl. start-up, walk, JSON): {cli_t:.2f} s  {mb / cli_t:.1f} MB/s  {cli_t / len(files) * 1e3:.2f} ms/article")
print(f"wheel scan_batch (1 thread):                {py_t:.2f} s  {mb / py_t:.1f} MB/s  {py_t / len(files) * 1e3:.2f} ms/article")

if spark_too:
    from pyspark.sql import SparkSession

    import hegui.spark

    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    hegui.spark.scan_files(spark, root).count()  # warm-up: JVM, workers, rule compilation
    sp_t, n = best(lambda: hegui.spark.scan_files(spark, root).count(), n=2)
    print(f"Spark local[2] scan_files().count():        {sp_t:.2f} s  {mb / sp_t:.1f} MB/s  findings {n}")
    core_s = sp_t * 2 / len(files)
    print(f"  {core_s * 1e3:.2f} core-ms/article -> {core_s * 1e7 / 3600:.1f} core-hours per 10^7 articles of this size")
    spark.stop()
per = py_t / len(files)
print(f"wheel: {per * 1e3:.2f} core-ms/article -> {per * 1e7 / 3600:.1f} core-hours per 10^7 articles of this size")
