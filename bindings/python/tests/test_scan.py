"""The wheel's Scanner against the CLI: same findings, offsets into Python strings, errors."""

import subprocess
import sys
from collections import defaultdict

import pytest

import hegui
from conftest import ROOT, check_json, run_cli

FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.is_file() and p.name != "README.md")


def without_chars(findings):
    return [{k: v for k, v in f.items() if k != "char_range"} for f in findings]


def test_findings_equal_hegui_check_json_on_fixtures():
    cli = check_json(["fixtures/"])
    by_path = defaultdict(list)
    for f in cli["findings"]:
        by_path[f["path"]].append(f)
    assert len(by_path) >= 5, "the fixtures have findings in several files"
    scanner = hegui.Scanner()
    total = 0
    for p in FIXTURES:
        rel = p.relative_to(ROOT).as_posix()
        got = scanner.scan(p.read_bytes(), path=rel)
        assert without_chars(got) == by_path.get(rel, []), rel
        total += len(got)
    assert total == len(cli["findings"])


def test_scan_batch_equals_scan_and_the_cli():
    paths = [p.relative_to(ROOT).as_posix() for p in FIXTURES]
    data = [p.read_bytes() for p in FIXTURES]
    scanner = hegui.Scanner()
    batch = scanner.scan_batch(data, paths)
    assert batch == [scanner.scan(d, path=p) for d, p in zip(data, paths)]
    cli = check_json(["fixtures/"])
    assert sorted(f["byte_range"]["start"] for fs in batch for f in fs) == sorted(
        f["byte_range"]["start"] for f in cli["findings"]
    )


def test_char_ranges_slice_the_python_string_to_the_matched_text():
    scanner = hegui.Scanner()
    seen = 0
    for p in FIXTURES:
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # GB18030 / UTF-16 fixtures: bytes only
        if text.startswith("\ufeff"):
            text = text[1:]
        rel = p.relative_to(ROOT).as_posix()
        for f in scanner.scan(text, path=rel):
            s, e = f["char_range"]
            assert text[s:e] == f["matched"], (rel, f)
            assert len(text[:s].encode()) == f["byte_range"]["start"]
            seen += 1
    # Astral characters count once in Python: a finding after an emoji.
    text = "😀😀 本店商品全网最低价！"
    [f] = scanner.scan(text)
    s, e = f["char_range"]
    assert text[s:e] == "全网最低价" and s == len("😀😀 本店商品")
    assert seen > 20


def test_format_argument_picks_the_extractor():
    scanner = hegui.Scanner()
    html = "<p>本店商品<b>全网</b>最低价！</p><script>var x='全网最低价';</script>"
    as_html = scanner.scan(html, format="html")
    as_txt = scanner.scan(html, format="txt")
    assert [f["field"] for f in as_html] == ["body"]
    assert len(as_txt) > len(as_html), "plain text sees the script too"
    assert [dict(f, path=None) for f in scanner.scan(html, path="a.html")] == [dict(f, path=None) for f in as_html]
    md = "# 标题\n\n```\n全网最低价\n```\n"
    assert scanner.scan(md, format="md") == []
    assert scanner.scan(md, format="txt") != []


def test_select_ignore_and_lang():
    text = "本店商品全网最低价！加微信 13812345678"
    privacy = hegui.Scanner(select=["privacy"]).scan(text)
    assert privacy and {f["category"] for f in privacy} == {"privacy"}
    en = hegui.Scanner(lang="en").scan("本店商品全网最低价！")
    zh = hegui.Scanner().scan("本店商品全网最低价！")
    assert en[0]["rule"] == zh[0]["rule"] and en[0]["message"] != zh[0]["message"]
    assert "adlaw" not in [f["category"] for f in hegui.Scanner(ignore=["adlaw"]).scan(text)]


def test_config_errors_are_python_exceptions_with_the_cli_message(tmp_path):
    bad = tmp_path / "hegui.toml"
    bad.write_text('[rules]\nselect = ["NOPE999"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("全网最低价", encoding="utf-8")
    code, _, err = run_cli(["check", "--config", str(bad), "a.txt"], cwd=tmp_path)
    assert code == 2
    with pytest.raises(hegui.HeguiError) as e:
        hegui.Scanner(config=str(bad))
    assert err.strip() == f"hegui: 错误：{e.value}"
    broken = tmp_path / "broken.toml"
    broken.write_text("[rules\n", encoding="utf-8")
    code, _, err = run_cli(["check", "--config", str(broken), "a.txt"], cwd=tmp_path)
    with pytest.raises(hegui.HeguiError) as e:
        hegui.Scanner(config=str(broken))
    assert err.strip() == f"hegui: 错误：{e.value}"
    assert isinstance(e.value, ValueError)


def test_input_errors_raise_or_return():
    scanner = hegui.Scanner()
    with pytest.raises(hegui.HeguiError, match="format"):
        scanner.scan("x", format="pdf")
    with pytest.raises(hegui.HeguiError, match="str or bytes"):
        scanner.scan(42)
    with pytest.raises(hegui.HeguiError, match="a.docx"):
        scanner.scan(b"not a zip", path="a.docx")
    out = scanner.scan_batch([b"not a zip", "全网最低价"], ["a.docx", "b.txt"], errors="return")
    assert isinstance(out[0], hegui.HeguiError) and "a.docx" in str(out[0])
    assert out[1][0]["matched"] == "全网最低价"
    with pytest.raises(hegui.HeguiError, match="paths"):
        scanner.scan_batch(["a", "b"], ["a.txt"])


def test_scan_batch_releases_the_gil():
    # Another Python thread keeps running while a batch is scanned.
    import threading

    scanner = hegui.Scanner()
    texts = ["本店商品全网最低价！" * 2000] * 20
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)

    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    scanner.scan_batch(texts)
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during > 100, during


def test_mask_equals_hegui_mask(tmp_path):
    text = "本店商品全网最低价！联系 13812345678"
    masked = hegui.mask(text)
    assert len(masked) == len(text)
    assert "全网最低价" not in masked and "*****" in masked
    assert masked.startswith("本店商品")
    files = {
        "a.txt": text,
        "b.md": "# 标题\n\n本店商品**全网最低价**！\n",
        "c.html": "<p>国家级产品，<b>最佳</b>选择</p>",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
        code, out, err = run_cli(["mask", "--no-config", str(tmp_path / name)])
        assert code in (0, 1), err
        assert hegui.mask(body, path=name) == out, name
        assert out != body, name
    with pytest.raises(hegui.HeguiError, match="docx"):
        hegui.mask("x", path="d.docx")


def test_the_module_imports_in_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "import hegui; print(hegui.Scanner().rules()[:1])"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("['")
