//! hegui.toml: parsing and validation (`config::load`), then the file filters and a scanner built
//! from it (bundled packs off, so each input stays cheap; word lists and packs it names are read
//! from the config's own folder).
#![no_main]

use std::path::Path;

use hegui::config;
use hegui::scan::{FilesMatcher, Scanner, ScannerOptions};
use hegui_fuzz::{temp_file, timed, toml_paths_are_local};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = temp_file(config::FILE_NAME, data);
    let loaded = timed("config::load", data.len(), || config::load(&path));
    let parsed = std::str::from_utf8(data).ok().map(toml::from_str::<config::Config>);
    let cfg = match loaded {
        Ok(cfg) => cfg,
        Err(e) => {
            assert!(e.file.ends_with(config::FILE_NAME), "error names {} not the config", e.file);
            return;
        }
    };
    assert!(matches!(parsed, Some(Ok(_))), "load accepted what toml::from_str refuses");
    assert_eq!(cfg.path.as_deref(), Some(path.as_path()));
    let _ = cfg.dedup.corpus_path(&cfg.dir);
    if let Ok(files) = FilesMatcher::new(&cfg) {
        for p in ["a.md", "drafts/x.html", "archive/old/y.txt", "/elsewhere/z.md"] {
            let p = cfg.dir.join(Path::new(p));
            let _ = files.is_excluded(&p);
            let _ = files.declared_context(&p);
            let _ = files.ignored_rules(&p);
        }
    }
    // Files a config names are read: only let it name files in its own folder.
    if toml_paths_are_local(std::str::from_utf8(data).unwrap_or_default()) != Some(true) {
        return;
    }
    let mut cfg = cfg;
    cfg.rules.builtin = false;
    let Ok(scanner) = Scanner::new(cfg, &ScannerOptions::default()) else { return };
    let text = "本店商品全网最低价！联系电话13800138000。";
    let report = scanner.scan_text("drafts/a.md", text);
    for f in &report.findings {
        assert_eq!(&text[f.byte_range.clone()], f.matched);
    }
});
