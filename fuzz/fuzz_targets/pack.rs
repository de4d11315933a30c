//! Rule packs: `pack::load_str`, then an engine over the rules and detection over their own
//! examples. Hits lie inside the text on char boundaries.
#![no_main]

use hegui::detect::{Engine, Selection, pack};
use hegui_fuzz::{timed, toml_paths_are_local};
use libfuzzer_sys::fuzz_target;

/// A pack in a folder that does not exist: sibling files (`terms_file`) fail to read.
const NAME: &str = "/nonexistent/hegui-fuzz/pack.toml";

const SAMPLE: &str = "本店商品全网最低价！联系电话13800138000，国家级产品，QQ 12345678，http://example.com/a 。";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A pack reads the files it names: only let it name files next to itself.
    if toml_paths_are_local(text) != Some(true) {
        return;
    }
    let rules = match timed("pack::load_str", data.len(), || pack::load_str(NAME, text)) {
        Ok(rules) => rules,
        Err(e) => {
            assert!(e.file.starts_with("/nonexistent/hegui-fuzz/"), "error names {}", e.file);
            return;
        }
    };
    let examples: Vec<String> =
        rules.iter().flat_map(|r| r.examples.hit.iter().chain(&r.examples.miss)).take(64).cloned().collect();
    let Ok(engine) = timed("Engine::new", data.len(), || Engine::new(rules, &Selection::default())) else { return };
    for t in examples.iter().map(String::as_str).chain([SAMPLE]) {
        let hits = timed("Engine::detect", data.len() + t.len(), || engine.detect(t));
        for h in &hits {
            let r = &h.range;
            assert!(h.rule < engine.rules().len(), "hit of rule {} of {}", h.rule, engine.rules().len());
            assert!(r.start <= r.end && r.end <= t.len(), "hit {r:?} in {} bytes", t.len());
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end), "hit {r:?} not on char boundaries");
            let _ = engine.term(h, t);
        }
    }
});
