"""hegui on Apache Spark: the same engine as ``hegui check``, run per document by Spark.

Spark does the reading, shuffling, grouping and retries; each Python worker scans whole articles
with a ``hegui.Scanner`` compiled once per worker process (a cache keyed by the hash of the config,
packs and selection). This module has no JVM dependencies of its own: plain PySpark DataFrame
code, ``mapInPandas`` for the per-document work.

    findings = hegui.spark.scan_files(spark, "/data/articles")     # the CLI's JSON columns
    hegui.spark.audit(findings, documents=n).show()                 # 违规率 per category
    docs = hegui.spark.read_files(spark, "/data/articles")
    clusters, pairs = hegui.spark.near_duplicates(docs)             # like `hegui dedup`

Shipping the wheel to executors: ``sc.addPyFile`` cannot ship a compiled module. Either install the
wheel on every node (``pip install hegui-*.whl``), ship a packed environment (conda-pack / venv-pack
via ``spark.archives``), or ship the wheel itself as an archive — it is a zip, but Spark unpacks
only ``.zip``/``.tar.gz``/``.jar`` names, so copy it to a ``.zip`` name first::

    cp dist/hegui-0.1.0-cp39-abi3-manylinux2014_x86_64.whl hegui-wheel.zip

    spark = (SparkSession.builder
             .config("spark.archives", "hegui-wheel.zip#hegui_wheel")
             .getOrCreate())
    hegui.spark.scan_files(spark, root, archive="hegui_wheel")

With ``archive=`` the worker functions put the unpacked folder on ``sys.path`` before importing
hegui (the folder is in the executor's working directory, or in ``SparkFiles``' root in local mode).
"""

import hashlib
import os
from urllib.parse import unquote, urlparse

#: Extensions ``hegui check`` reads when walking a folder (``.docx`` needs ``binary=True``).
EXTENSIONS = ("txt", "md", "markdown", "html", "htm")

#: The findings schema: the fields of ``hegui check --format json`` in its order (nested objects
#: as structs; ``location``, ``advertising`` and ``related`` as JSON text), then ``char_range``.
FINDINGS_SCHEMA = (
    "rule string, category string, severity string, message string, reference string, label int, "
    "path string, field string, start struct<line:int,column:int>, end struct<line:int,column:int>, "
    "location string, byte_range struct<start:long,end:long>, matched string, term string, "
    "context struct<text:string,start_char:int,len_chars:int>, advertising string, related string, "
    "char_range array<long>"
)

#: Records per Arrow batch handed to a worker: whole articles are large, keep batches small.
MAX_RECORDS_PER_BATCH = 64


def config_key(config=None, packs=None, select=None, ignore=None, lang="zh"):
    """The cache key of a scanner: a hash of the config's and packs' contents and the selection."""
    h = hashlib.sha256()
    for p in [config, *(packs or [])]:
        h.update(b"\0file\0")
        if p is not None:
            with open(p, "rb") as f:
                h.update(f.read())
    h.update(repr((sorted(select or []), sorted(ignore or []), lang)).encode())
    return h.hexdigest()


def local_path(uri):
    """A local path from a Spark file URI (``input_file_name()`` and ``binaryFile`` paths are
    URL-encoded: ``file:///a/%E5%88%91%E6%B3%95/x.md``)."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else unquote(uri)


def display_path(uri, root):
    """The path ``hegui check ROOT`` reports for the file at ``uri`` (ROOT as given, then the
    path inside it)."""
    path = local_path(uri)
    base = os.path.abspath(local_path(root))
    rel = os.path.relpath(path, base)
    if rel == ".":
        return root
    return os.path.join(root, rel).replace(os.sep, "/")


def _set_batch_size(spark, records):
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(records))


def read_files(spark, root, extensions=EXTENSIONS, binary=False):
    """Documents under ``root`` as a DataFrame ``(path, text)``: read recursively with Spark
    (``wholetext``; ``binary=True``: ``binaryFile``, bytes decoded by hegui as the CLI decodes
    files), one row per file whose extension ``hegui check`` reads, ``path`` as the CLI reports it."""
    from pyspark.sql import functions as F

    if binary:
        df = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(root)
            .select(F.col("path").alias("uri"), F.col("content").alias("text"))
        )
    else:
        df = (
            # Keyword arguments: `.option("wholetext", "true")` is not honoured by `.text()`.
            spark.read.text(root, wholetext=True, recursiveFileLookup=True)
            .select(F.input_file_name().alias("uri"), F.col("value").alias("text"))
        )
    exts = tuple("." + e.lower() for e in extensions)

    @F.udf("string")
    def to_path(uri):
        from urllib.parse import unquote, urlparse
        import os

        parsed = urlparse(uri)
        path = unquote(parsed.path) if parsed.scheme in ("file", "") else unquote(uri)
        if not path.lower().endswith(exts):
            return None
        base = os.path.abspath(unquote(urlparse(root).path) if "://" in root else root)
        rel = os.path.relpath(path, base)
        return root if rel == "." else os.path.join(root, rel).replace(os.sep, "/")

    return df.select(to_path("uri").alias("path"), "text").where(F.col("path").isNotNull())


def _worker_setup(archive):
    """A function that makes hegui importable on a worker (sys.path insert of the shipped
    archive) and returns the module; defined here, run there (pickled by value)."""

    def setup():
        import os
        import sys

        if archive:
            candidates = [os.path.join(os.getcwd(), archive)]
            try:
                from pyspark import SparkFiles

                candidates.append(os.path.join(SparkFiles.getRootDirectory(), archive))
            except Exception:  # noqa: BLE001 - outside a Spark worker
                pass
            for c in candidates:
                if os.path.isdir(c) and c not in sys.path:
                    sys.path.insert(0, c)
                    break
        import hegui

        return hegui

    return setup


def scan_documents(docs, config=None, packs=None, select=None, ignore=None, lang="zh", archive=None):
    """Findings of a DataFrame of documents ``(path, text)`` (``text`` string or binary), one row
    per finding with the columns of ``hegui check --format json`` (see ``FINDINGS_SCHEMA``)."""
    _set_batch_size(docs.sparkSession, MAX_RECORDS_PER_BATCH)
    key = config_key(config, packs, select, ignore, lang)
    kwargs = dict(config=config, packs=packs, select=select, ignore=ignore, lang=lang)
    setup = _worker_setup(archive)
    columns = [c.split(" ")[0] for c in _split_schema(FINDINGS_SCHEMA)]

    def scan(batches):
        import json

        import pandas as pd

        hegui = setup()
        scanner = hegui.cached_scanner(key, **kwargs)
        as_json = ("location", "advertising", "related")
        for batch in batches:
            texts = [t if isinstance(t, str) else bytes(t) for t in batch["text"]]
            rows = []
            for findings in scanner.scan_batch(texts, list(batch["path"])):
                for f in findings:
                    row = {c: f.get(c) for c in columns}
                    for c in as_json:
                        row[c] = json.dumps(f[c], ensure_ascii=False) if c in f else None
                    row["char_range"] = list(f["char_range"]) if f.get("char_range") else None
                    rows.append(row)
            yield pd.DataFrame(rows, columns=columns)

    return docs.mapInPandas(scan, FINDINGS_SCHEMA)


def _split_schema(ddl):
    """Top-level ``name type`` items of a DDL schema (commas inside ``<>`` kept)."""
    out, depth, cur = [], 0, ""
    for ch in ddl:
        depth += ch == "<"
        depth -= ch == ">"
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def scan_files(spark, root, config=None, packs=None, select=None, ignore=None, lang="zh", archive=None, binary=False):
    """Findings of the files under ``root`` (read by Spark, scanned in ``mapInPandas``), with the
    columns of ``hegui check --format json`` and the paths it reports for ``hegui check ROOT``."""
    docs = read_files(spark, root, binary=binary)
    return scan_documents(docs, config, packs, select, ignore, lang, archive)


def audit(findings, documents):
    """违规率 per category, as ``hegui audit`` counts it: of ``documents`` scanned articles (a
    number or a DataFrame with a ``path`` column), the share with at least one finding of the
    category at ``error`` (``rate_error``) or at least ``warning`` (``rate_warning``)."""
    from pyspark.sql import functions as F

    n = documents if isinstance(documents, int) else documents.select("path").distinct().count()
    per = findings.groupBy("category").agg(
        F.count("*").alias("findings"),
        F.countDistinct("path").alias("articles"),
        F.countDistinct(F.when(F.col("severity") == "error", F.col("path"))).alias("articles_error"),
        F.countDistinct(F.when(F.col("severity").isin("error", "warning"), F.col("path"))).alias("articles_warning"),
    )
    return per.select(
        "category",
        "findings",
        "articles",
        "articles_error",
        "articles_warning",
        (F.col("articles_error") / F.lit(max(n, 1))).alias("rate_error"),
        (F.col("articles_warning") / F.lit(max(n, 1))).alias("rate_warning"),
    ).orderBy(F.desc("rate_warning"), "category")


def near_duplicates(
    docs, min_coverage=0.3, min_chars=30, max_doc_frequency=None, archive=None, max_iterations=50
):
    """Clusters of near-duplicate documents in ``docs`` ``(path, text)``, as ``hegui dedup`` finds
    them, in DataFrame code: band hashes (the documents' fingerprint hashes, the genre background
    left out) → explode → group by hash (hashes in more than ``max_doc_frequency`` documents are
    boilerplate, as in an index: default 1% of the documents, 5 to 1000) → candidate pairs sharing
    enough rare hashes, at most ``hegui.MAX_CANDIDATES`` (200) per document like the index query
    (the most shared hashes first, among the documents after it in path order) → each pair verified once with ``hegui.align`` from the side of the smaller
    path (the index order of ``hegui dedup``), kept when the query's verdict passes and passages
    cover ``min_coverage`` of one of the two → connected components by label propagation.

    Returns ``(clusters, pairs)``: ``clusters`` rows ``(cluster, path)`` (``cluster``: the smallest
    path of the component), ``pairs`` rows ``(a, b, coverage_a, coverage_b, passages)``
    (``passages`` as JSON text: byte ranges in ``a`` and ``b``, kind, rule).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    spark = docs.sparkSession
    _set_batch_size(spark, MAX_RECORDS_PER_BATCH)
    setup = _worker_setup(archive)

    def bands(batches):
        import pandas as pd

        hegui = setup()
        for batch in batches:
            paths, texts = list(batch["path"]), list(batch["text"])
            chars = [hegui.normalized_chars(t, path=p) for p, t in zip(paths, texts)]
            hashes = [hegui.band_hashes(t, path=p, skip_background=True) for p, t in zip(paths, texts)]
            yield pd.DataFrame({"path": paths, "chars": chars, "bands": hashes})

    keyed = docs.mapInPandas(bands, "path string, chars long, bands array<long>").cache()
    n_docs = keyed.count()
    max_df = max_doc_frequency if max_doc_frequency is not None else min(max(n_docs // 100, 5), 1000)
    exploded = keyed.select("path", F.explode("bands").alias("band"))
    df = exploded.groupBy("band").agg(F.count("*").alias("df"))
    rare = exploded.join(df.where(F.col("df") <= max_df), "band")
    # Candidate pairs: documents sharing rare hashes, as an index query counts them (at least
    # (min_chars + 1 - k) / w hashes, and enough for the coverage asked of the smaller document).
    k, w = 5, 9
    min_hits = max((min_chars + 1 - k) // w, 1)
    density = 2.0 / (w + 1)
    pairs = (
        rare.alias("x")
        .join(rare.alias("y"), (F.col("x.band") == F.col("y.band")) & (F.col("x.path") < F.col("y.path")))
        .groupBy(F.col("x.path").alias("a"), F.col("y.path").alias("b"))
        .agg(F.count("*").alias("shared"))
    )
    sizes = keyed.select("path", "chars")
    pairs = (
        pairs.join(sizes.withColumnRenamed("path", "a").withColumnRenamed("chars", "chars_a"), "a")
        .join(sizes.withColumnRenamed("path", "b").withColumnRenamed("chars", "chars_b"), "b")
        .where(
            (F.col("shared") >= min_hits)
            & (F.col("shared") >= 0.25 * min_coverage * density * F.least("chars_a", "chars_b"))
        )
    )
    # At most MAX_CANDIDATES per document, as the index query keeps them: each document `a` is
    # queried against the documents after it in index order (the larger paths); its candidates are
    # ranked by shared rare hashes (most first), ties by index order, and only the best are aligned.
    # Without this cut an archive where many documents collide in their bands (a text copied
    # hundreds of times) would give more pairs than `hegui dedup`.
    from hegui import MAX_CANDIDATES

    best = Window.partitionBy("a").orderBy(F.desc("shared"), F.asc("b"))
    pairs = pairs.withColumn("rank", F.row_number().over(best)).where(F.col("rank") <= MAX_CANDIDATES).drop("rank")
    rare_sets = rare.groupBy("path").agg(F.collect_list("band").alias("rare"))
    texts = docs.join(rare_sets, "path", "left")
    # Each pair once, aligned from `a` (the smaller path: earlier in `hegui dedup`'s index).
    cand = (
        pairs.select("a", "b")
        .join(texts.select(F.col("path").alias("a"), F.col("text").alias("text_a"), F.col("rare").alias("rare_a")), "a")
        .join(texts.select(F.col("path").alias("b"), F.col("text").alias("text_b")), "b")
    )

    def verify(batches):
        import json

        import pandas as pd

        hegui = setup()
        for batch in batches:
            rows = []
            for a, b, ta, tb, ra in zip(batch["a"], batch["b"], batch["text_a"], batch["text_b"], batch["rare_a"]):
                m = hegui.align(ta, tb, path_a=a, path_b=b, rare=set(ra if ra is not None else []), min_chars=min_chars)
                if m is None or max(m["coverage"], m["source_coverage"]) < min_coverage:
                    continue
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "coverage_a": m["coverage"],
                        "coverage_b": m["source_coverage"],
                        "passages": json.dumps(m["passages"]),
                    }
                )
            yield pd.DataFrame(rows, columns=["a", "b", "coverage_a", "coverage_b", "passages"])

    verified = cand.mapInPandas(verify, "a string, b string, coverage_a double, coverage_b double, passages string")
    verified = verified.cache()
    return connected_components(verified.select("a", "b"), max_iterations), verified


def connected_components(edges, max_iterations=50):
    """Connected components of an undirected edge DataFrame ``(a, b)`` by label propagation in
    plain DataFrame code: rows ``(cluster, path)``, ``cluster`` the smallest path of the component;
    only components of two or more documents."""
    from pyspark.sql import functions as F

    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).cache()
    labels = both.groupBy("a").agg(F.least(F.min("b"), F.first("a")).alias("label")).withColumnRenamed("a", "path")
    for _ in range(max_iterations):
        # Each node takes the smallest label among itself and its neighbours.
        nxt = (
            both.join(labels.withColumnRenamed("path", "b").withColumnRenamed("label", "nl"), "b")
            .groupBy("a")
            .agg(F.min("nl").alias("nl"))
            .join(labels.withColumnRenamed("path", "a"), "a")
            .select(F.col("a").alias("path"), F.least("label", "nl").alias("label"))
            .localCheckpoint()
        )
        changed = nxt.join(labels.withColumnRenamed("label", "old"), "path").where(F.col("label") != F.col("old")).count()
        labels = nxt
        if changed == 0:
            break
    return labels.select(F.col("label").alias("cluster"), "path")
