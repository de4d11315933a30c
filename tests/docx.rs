//! `.docx` drafts through the real binary: findings placed by part, paragraph and character;
//! damaged packages and zip bombs are input errors (exit 2) while the rest of the batch is
//! still scanned. Every package is generated here with the zip crate.

use std::io::Write as _;
use std::process::Stdio;

use serde_json::Value;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

mod common;
use common::{code, hegui, json, run, stderr, write};

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                 xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

/// The learned rules (their findings follow the trained weights, not the .docx reading under test).
const LEARNED: &str = "AD173,PL026";

/// A zip of `entries`, each compressed with `method`.
fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start entry");
        w.write_all(data).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn r(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// A small but complete draft: a title, a claim split over runs, a tracked deletion, a table, a
/// text box (with its VML fallback copy), a header and a footnote.
fn draft() -> Vec<u8> {
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        <Override PartName=\"/word/header1.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
        <Override PartName=\"/word/footnotes.xml\" \
        ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Target=\"word/document.xml\" \
        Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\"/>\
        </Relationships>";
    let doc_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Target=\"header1.xml\" \
        Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\"/>\
        <Relationship Id=\"rId2\" Target=\"footnotes.xml\" \
        Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\"/>\
        </Relationships>";
    let body = [
        // 1: the title.
        p(&format!("<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}", r("全网最低价的夏日好物"))),
        // 2: 最好 split over two runs, the first bold.
        p(&format!(
            "{}<w:r><w:rPr><w:b/></w:rPr><w:t>最</w:t></w:r><w:r><w:t>好</w:t></w:r>{}",
            r("本产品是全网"),
            r("的，疗效第一")
        )),
        // 3: a tracked change: the deleted claim is not in the text, the inserted word is.
        p(&format!(
            "{}<w:del w:id=\"1\" w:author=\"编辑\"><w:r><w:delText>全网最佳</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\" w:author=\"编辑\">{}</w:ins>{}",
            r("我们的"),
            r("合格"),
            r("工艺。")
        )),
        // 4, 5: a table row of two cells.
        format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p(&r("普通说明")),
            p(&format!("{}{}", r("好物"), r("销量第一")))
        ),
        // 6: a paragraph anchoring a text box, whose paragraph is 7; the fallback copy is skipped.
        p(&format!(
            "{}<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx \
             xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><w:txbxContent>{}\
             </w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}\
             </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
            r("详见右侧"),
            p(&r("顶级品质")),
            p(&r("顶级品质"))
        )),
        // 8.
        p(&r("结尾。")),
    ]
    .concat();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let header = format!("<w:hdr {W}>{}</w:hdr>", p(&r("官方旗舰店 顶级服务")));
    let footnotes = format!(
        "<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\">{}</w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\">{}</w:footnote>\
         <w:footnote w:id=\"1\">{}</w:footnote></w:footnotes>",
        p("<w:r><w:separator/></w:r>"),
        p("<w:r><w:continuationSeparator/></w:r>"),
        p(&format!("<w:r><w:footnoteRef/></w:r>{}", r("注：本品是国家级认证")))
    );
    zip_of(
        &[
            ("[Content_Types].xml", content_types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
        ],
        CompressionMethod::Deflated,
    )
}

/// (rule, matched, part, paragraph, char, field) of each finding in a JSON report.
fn placed(v: &Value) -> Vec<(String, String, String, u64, u64, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_else(|| panic!("string: {v}")).to_owned();
    let n = |v: &Value| v.as_u64().unwrap_or_else(|| panic!("number: {v}"));
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let loc = &f["location"];
            (s(&f["rule"]), s(&f["matched"]), s(&loc["part"]), n(&loc["paragraph"]), n(&loc["char"]), s(&f["field"]))
        })
        .collect()
}

#[test]
fn a_draft_is_read_part_by_part_and_findings_are_placed_by_paragraph_and_character() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "draft.docx", draft());
    let o = run(d.path(), &["check", "--no-config", "--ignore", LEARNED, "--format", "json", "draft.docx"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    let row = |rule: &str, matched: &str, part: &str, paragraph, char, field: &str| {
        (rule.to_owned(), matched.to_owned(), part.to_owned(), paragraph, char, field.to_owned())
    };
    let doc = "word/document.xml";
    assert_eq!(
        placed(&v),
        [
            row("AD004", "全网最低价", doc, 1, 1, "title"),
            // Found across the two runs.
            row("AD010", "最好的", doc, 2, 7, "body"),
            row("AD009", "第一", doc, 2, 13, "body"),
            // Nothing from the deleted 全网最佳 in paragraph 3.
            row("AD003", "销量第一", doc, 5, 3, "body"),
            // The text box, once (its fallback copy is not read).
            row("AD001", "顶级", doc, 7, 1, "body"),
            row("AD001", "顶级", "word/header1.xml", 1, 7, "body"),
            row("AD002", "国家级", "word/footnotes.xml", 1, 6, "body"),
        ]
    );
    let f = &v["findings"][1];
    assert_eq!((&f["start"]["line"], &f["start"]["column"]), (&Value::from(2), &Value::from(7)));
    // Byte ranges are ranges of the document text: paragraph 1 and its newline come first.
    let before = "全网最低价的夏日好物\n本产品是全网".len() as u64;
    assert_eq!(f["byte_range"]["start"], before);
    assert_eq!(f["context"]["text"], "本产品是全网最好的，疗效第一");
    let scanned = &v["summary"];
    assert_eq!((&scanned["files_scanned"], &scanned["files_failed"]), (&Value::from(1), &Value::from(0)));

    // The human report names the part, paragraph and character.
    let o = run(d.path(), &["check", "--no-config", "draft.docx"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("  --> draft.docx: 脚注 第1段 第6字\n"), "{out}");
    assert!(out.contains("  --> draft.docx: 正文 第1段 第1字 (标题)\n"), "{out}");
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "draft.docx"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("  --> draft.docx: header 1, paragraph 1, char 7\n"), "{out}");

    // GitHub annotations: line = paragraph of the part named in the title.
    let o = run(d.path(), &["check", "--no-config", "--format", "github", "draft.docx"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("file=draft.docx,line=1,col=6,endLine=1,endColumn=9,title=AD002 adlaw (word/footnotes.xml)::"),
        "{out}"
    );
}

#[test]
fn docx_in_folders_and_on_standard_input() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "drafts/a.docx", draft());
    write(d.path(), "drafts/b.DOCX", draft());
    let o = run(d.path(), &["check", "--no-config", "--ignore", LEARNED, "--format", "json", "drafts"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["summary"]["files_scanned"], 2, "both extensions are walked");
    let paths: std::collections::BTreeSet<&str> =
        v["findings"].as_array().expect("findings").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths.into_iter().collect::<Vec<_>>(), ["drafts/a.docx", "drafts/b.DOCX"]);

    let mut child = hegui()
        .current_dir(d.path())
        .args(["check", "--no-config", "--ignore", LEARNED, "--format", "json", "-", "--stdin-filename", "stdin.docx"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(&draft()).expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(placed(&json(&o)).len(), 7);
}

#[test]
fn a_zip_bomb_is_refused_and_the_rest_still_scanned() {
    let d = tempfile::tempdir().expect("tempdir");
    // 8 MiB of zeros deflate to a few KiB: a ratio of ~1000:1.
    let zeros = vec![0u8; 8 << 20];
    let bomb = zip_of(&[("word/document.xml", &zeros)], CompressionMethod::Deflated);
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
    write(d.path(), "a-bomb.docx", &bomb);
    write(d.path(), "b-good.docx", draft());
    let o = run(d.path(), &["check", "--no-config", "--ignore", LEARNED, "--format", "json"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("a-bomb.docx: 疑似压缩炸弹，未扫描：word/document.xml 的压缩比超过 200:1"), "{e}");
    let v = json(&o);
    assert_eq!(placed(&v).len(), 7, "the good draft is still scanned");
    assert_eq!((&v["summary"]["files_scanned"], &v["summary"]["files_failed"]), (&Value::from(1), &Value::from(1)));
    assert_eq!(v["problems"][0]["path"], "a-bomb.docx");
    assert_eq!(v["problems"][0]["status"], "error");

    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "a-bomb.docx"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(
        e.contains("a-bomb.docx: refused as a possible zip bomb: word/document.xml inflates more than 200:1"),
        "{e}"
    );
}

#[test]
fn damaged_docx_files_are_input_errors_naming_the_file() {
    let d = tempfile::tempdir().expect("tempdir");
    // Random bytes (a fixed linear congruential sequence).
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    write(d.path(), "noise.docx", &noise);
    write(d.path(), "empty-package.docx", zip_of(&[("word/styles.xml", b"<styles/>")], CompressionMethod::Deflated));
    write(d.path(), "ok.txt", "商品全网最低价。\n");
    let o = run(d.path(), &["check", "--no-config", "--ignore", LEARNED, "--format", "json"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("noise.docx: 不是有效的 .docx 文件（zip 无法读取："), "{e}");
    assert!(e.contains("empty-package.docx: 不是有效的 .docx 文件：缺少 word/document.xml"), "{e}");
    let v = json(&o);
    assert_eq!(v["summary"]["files_failed"], 2);
    assert_eq!(v["findings"][0]["path"], "ok.txt", "the text file is still scanned");

    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "noise.docx", "empty-package.docx"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.contains("noise.docx: not a valid .docx (zip): "), "{e}");
    assert!(e.contains("empty-package.docx: not a valid .docx: word/document.xml is missing"), "{e}");
}
