"""hegui (合规): the hegui compliance engine for Python.

The same Rust library as the ``hegui`` command: ``Scanner.scan`` returns the findings
``hegui check --format json`` lists for a file with that content (same fields and values), plus
``char_range``: character offsets into the Python string, so ``text[s:e] == finding["matched"]``.

    >>> import hegui
    >>> s = hegui.Scanner()
    >>> [f["rule"] for f in s.scan("本店商品全网最低价！")]
    ['AD004']

``hegui.spark`` and ``hegui.ray`` run the scan and the near-duplicate search on a cluster.
"""

from ._hegui import (  # noqa: F401
    MAX_CANDIDATES,
    HeguiError,
    Scanner,
    __version__,
    align,
    band_hashes,
    fingerprints,
    normalized_chars,
)

__all__ = [
    "HeguiError",
    "Scanner",
    "align",
    "band_hashes",
    "fingerprints",
    "cached_scanner",
    "mask",
    "normalized_chars",
]


def mask(text, scanner=None, path=None, format=None):
    """``text`` with every finding masked, as ``hegui mask`` writes a file with this content
    (``*`` for each character of a finding or the rule's ``replacement``; separators and HTML
    markup kept; rescanned until nothing is left). ``scanner`` defaults to a ``Scanner()`` over
    the bundled packs; ``path``/``format`` pick the format as in ``Scanner.scan``."""
    scanner = scanner or _default_scanner()
    return scanner.mask(text, path=path, format=format)


_DEFAULT = None


def _default_scanner():
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scanner()
    return _DEFAULT


_SCANNERS = {}


def cached_scanner(key, **kwargs):
    """A ``Scanner(**kwargs)`` built once per process for ``key`` (e.g. a hash of the config and
    packs): Spark and Ray workers compile the rules once, not once per batch."""
    s = _SCANNERS.get(key)
    if s is None:
        s = _SCANNERS[key] = Scanner(**kwargs)
    return s
