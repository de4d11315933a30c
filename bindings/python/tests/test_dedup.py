"""fingerprints, band_hashes and align against the CLI's corpus check."""

import json
import subprocess
import sys

import hegui
from conftest import run_cli

ORIGINAL = (
    "从零开始做公众号，我的运营经验其实非常简单。第一，坚持每天更新，认真回复读者的每一条留言；"
    "第二，选题要贴近生活，不要追逐热点；第三，慢慢积累口碑，不要急于求成。很多朋友问我怎样提高阅读量，"
    "我的回答始终是一样的：把内容做好，读者自然会来。"
)
# Spun: words swapped for synonyms, a homophone (公众号 → 公仲号).
SPUN = (
    "自零着手干公仲号，我之营业心得实际上十分简易。第一，坚守每日更加新，用心回答阅读者之各一条留言；"
    "第二，选择题要贴近日子，不要追逐热点；第三，慢慢积疲劳口碑，不要急在求成。许多友人询问我怎么提升读量，"
    "我之答复一直乃相同之：将内容干好，阅读者当然会来。"
)
OTHER = "鼓浪屿上的琴声从巷子深处传来，游客们在老别墅前排队拍照，海风吹得三角梅轻轻摇晃。"


def test_band_hashes_are_stable_across_processes_and_signed_64_bit():
    text = "# 标题\n\n" + ORIGINAL
    here = hegui.band_hashes(text, format="md")
    code = f"import hegui, json; print(json.dumps(hegui.band_hashes({text!r}, format='md')))"
    there = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert here == there and here == sorted(set(here))
    assert all(-(2**63) <= h < 2**63 for h in here) and len(here) > 10
    # The index keys of `hegui corpus add`: the fingerprints' hashes.
    assert here == sorted({f["hash"] for f in hegui.fingerprints(text, format="md")})
    # The format matters: Markdown syntax is not fingerprinted.
    assert hegui.band_hashes("**" + ORIGINAL + "**", format="md") == hegui.band_hashes(ORIGINAL)


def test_fingerprints_char_ranges_point_into_the_string():
    text = "😀 " + ORIGINAL
    fps = hegui.fingerprints(text)
    assert {f["stream"] for f in fps} == {"raw", "class"}
    for f in fps:
        s, e = f["char_range"]
        assert len(text[:s].encode()) == f["byte_range"][0]
        assert len(text[:e].encode()) == f["byte_range"][1]


def test_align_copied_and_spun_passages_as_check_corpus_reports_them(tmp_path):
    (tmp_path / "pub").mkdir()
    (tmp_path / "drafts").mkdir()
    corpus_file = f"---\ntitle: 运营心得\n---\n\n{ORIGINAL}\n"
    (tmp_path / "pub" / "ops.md").write_text(corpus_file, encoding="utf-8")
    (tmp_path / "pub" / "other.md").write_text(OTHER + "\n", encoding="utf-8")
    code, _, err = run_cli(["corpus", "add", "pub.hgc", "pub", "--no-config"], cwd=tmp_path)
    assert code == 0, err
    drafts = {
        "spun.md": f"今天和大家聊聊我自己的做号体会。\n\n{SPUN}\n",
        "copied.md": f"转载一段：\n\n{ORIGINAL[:80]}\n\n{OTHER}\n",
    }
    for name, text in drafts.items():
        (tmp_path / "drafts" / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(
        ["check", "drafts", "--no-config", "--corpus", "pub.hgc", "--select", "DUP", "--format", "json"], cwd=tmp_path
    )
    assert code in (0, 1), err
    cli = json.loads(out)["findings"]
    rules = set()
    for name, text in drafts.items():
        m = hegui.align(text, corpus_file, path_a=name, path_b="pub/ops.md")
        assert m is not None and 0 < m["coverage"] <= 1
        got = sorted((p["rule"], tuple(p["a"]), tuple(p["b"])) for p in m["passages"])
        want = sorted(
            (f["rule"], (f["byte_range"]["start"], f["byte_range"]["end"]), (f["related"][0]["byte_range"]["start"], f["related"][0]["byte_range"]["end"]))
            for f in cli
            if f["path"] == f"drafts/{name}"
        )
        assert got == want, name
        rules |= {r for r, _, _ in got}
        for p in m["passages"]:
            a, b = p["a"], p["b"]
            assert text.encode()[a[0] : a[1]].decode() and corpus_file.encode()[b[0] : b[1]].decode()
    assert rules == {"DUP001", "DUP002"}
    assert hegui.align(OTHER * 3, corpus_file) is None
    # No rare fingerprint, no anchor.
    assert hegui.align(drafts["copied.md"], corpus_file, format="md", rare=[]) is None
