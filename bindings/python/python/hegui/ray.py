"""hegui on Ray Data: the same per-document scan as ``hegui check``, in ``map_batches``.

    import ray, hegui.ray
    ds = hegui.ray.read_files("/data/articles")          # (path, text) rows, bytes as the CLI reads
    findings = hegui.ray.scan(ds).to_pandas()             # one row per finding, the CLI's columns

Each Ray worker compiles the rules once (``hegui.cached_scanner``, keyed by a hash of the config,
packs and selection). The wheel must be importable on the workers: install it on the nodes, or
pass it in the job's ``runtime_env`` (``{"py_modules": [...]}`` or ``{"pip": ["hegui-….whl"]}``).
"""

import os

from .spark import EXTENSIONS, config_key

#: Documents per batch handed to a worker: whole articles are large, keep batches small.
BATCH_SIZE = 64

#: Finding fields in the order ``hegui check --format json`` writes them, then ``char_range``.
COLUMNS = [
    "rule", "category", "severity", "message", "reference", "label", "path", "field", "start", "end",
    "location", "byte_range", "matched", "term", "context", "advertising", "related", "char_range",
]


def read_files(root, extensions=EXTENSIONS, **kwargs):
    """Files under ``root`` as a Ray dataset ``(path, text)``: ``text`` the file's bytes (decoded
    by hegui as the CLI decodes files), ``path`` as ``hegui check ROOT`` reports it."""
    import ray

    exts = tuple("." + e.lower() for e in extensions)
    base = os.path.abspath(root)
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(base) for f in fs if f.lower().endswith(exts)
    )
    ds = ray.data.read_binary_files(files, include_paths=True, **kwargs)

    def rename(batch):
        paths = [os.path.join(root, os.path.relpath(p, base)).replace(os.sep, "/") for p in batch["path"]]
        return {"path": paths, "text": list(batch["bytes"])}

    return ds.map_batches(rename, batch_format="numpy", batch_size=BATCH_SIZE)


class _Scan:
    """The per-worker callable: one scanner per process, findings rows per batch."""

    def __init__(self, key, kwargs):
        self.key, self.kwargs = key, kwargs

    def __call__(self, batch):
        import json

        import pandas as pd

        import hegui

        scanner = hegui.cached_scanner(self.key, **self.kwargs)
        texts = [t if isinstance(t, str) else bytes(t) for t in batch["text"]]
        rows = []
        for findings in scanner.scan_batch(texts, [str(p) for p in batch["path"]]):
            for f in findings:
                row = {c: f.get(c) for c in COLUMNS}
                for c in ("start", "end", "byte_range", "context", "location", "advertising", "related"):
                    # Nested values as JSON text: Arrow needs one type per column.
                    row[c] = json.dumps(f[c], ensure_ascii=False) if c in f else None
                rows.append(row)
        return pd.DataFrame(rows, columns=COLUMNS)


def scan(ds, config=None, packs=None, select=None, ignore=None, lang="zh", batch_size=BATCH_SIZE):
    """Findings of a dataset of documents ``(path, text)``: one row per finding, the columns of
    ``hegui check --format json`` (nested objects as JSON text)."""
    key = config_key(config, packs, select, ignore, lang)
    kwargs = dict(config=config, packs=packs, select=select, ignore=ignore, lang=lang)
    fn = _Scan(key, kwargs)

    def scan_batch(batch):
        return fn(batch)

    return ds.map_batches(scan_batch, batch_format="pandas", batch_size=batch_size)
