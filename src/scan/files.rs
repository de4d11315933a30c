//! `[files]` of hegui.toml compiled: which paths are excluded, which rules are ignored where.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use crate::config::{Config, ConfigError, DeclaredContext};
use crate::model::AdSetting;
use crate::source::Format;

/// Per-path filters compiled from `[files]`.
#[derive(Debug, Clone)]
pub struct FilesMatcher {
    base: PathBuf,
    exclude: GlobSet,
    ignores: GlobSet,
    ignore_selectors: Vec<Vec<String>>,
    context: GlobSet,
    context_settings: Vec<(AdSetting, String)>,
    own: Vec<PathBuf>,
    extensions: Vec<(String, Format)>,
}

/// `p` with `.` dropped and `..` applied to the component before it (no file-system access).
pub fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The files the config reads as data: its `[[wordlists]]` lists and the `terms_file`s of its
/// packs (a pack that cannot be read is left to the rule loader to report).
fn own_files(cfg: &Config, base: &Path) -> Vec<PathBuf> {
    let mut own: Vec<PathBuf> = cfg.wordlists.iter().map(|w| normalize(&base.join(&w.path))).collect();
    for p in &cfg.rules.packs {
        let pack = base.join(p);
        let Ok(text) = std::fs::read_to_string(&pack) else { continue };
        let Ok(value) = text.parse::<toml::Table>() else { continue };
        let dir = pack.parent().map(Path::to_path_buf).unwrap_or_default();
        let rules = value.get("rules").and_then(toml::Value::as_array).map_or(&[][..], Vec::as_slice);
        for r in rules {
            if let Some(f) = r.get("terms_file").and_then(toml::Value::as_str) {
                own.push(normalize(&dir.join(f)));
            }
        }
        own.push(normalize(&pack));
    }
    own
}

impl FilesMatcher {
    /// `path` relative to the config's folder (lexically normalized: `./drafts/a.md` and
    /// `drafts/../drafts/a.md` are `drafts/a.md`, so globs match however the path was written).
    fn rel<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        let abs = if path.is_absolute() {
            normalize(path)
        } else {
            normalize(&std::env::current_dir().unwrap_or_default().join(path))
        };
        match abs.strip_prefix(&self.base) {
            Ok(r) => std::borrow::Cow::Owned(r.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// The format of `path`: by a known extension, else by `[files] extensions`; `None` if neither
    /// knows it (a folder walk skips it).
    pub fn format_of(&self, path: &Path) -> Option<Format> {
        Format::from_path(path).or_else(|| {
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            self.extensions.iter().find(|(e, _)| *e == ext).map(|(_, f)| *f)
        })
    }

    /// Whether `path` is one of the config's own files (a `[[wordlists]]` list, a pack's terms
    /// file): data, not an article, so a folder walk skips it.
    pub fn is_own_file(&self, path: &Path) -> bool {
        !self.own.is_empty() && {
            let abs = if path.is_absolute() {
                normalize(path)
            } else {
                normalize(&std::env::current_dir().unwrap_or_default().join(path))
            };
            self.own.contains(&abs)
        }
    }

    /// Whether `path` is excluded by `files.exclude`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.rel(path))
    }

    /// The advertising context `[context]` declares for `path`, and the glob that declares it.
    pub fn declared_context(&self, path: &Path) -> Option<(AdSetting, &str)> {
        if self.context.is_empty() {
            return None;
        }
        let first = self.context.matches(self.rel(path)).into_iter().min()?;
        self.context_settings.get(first).map(|(s, g)| (*s, g.as_str()))
    }

    /// Rule selectors ignored for `path` by `files.per-file-ignores`.
    pub fn ignored_rules(&self, path: &Path) -> Vec<&str> {
        if self.ignores.is_empty() {
            return Vec::new();
        }
        self.ignores
            .matches(self.rel(path))
            .into_iter()
            .flat_map(|i| self.ignore_selectors[i].iter().map(String::as_str))
            .collect()
    }
}

impl FilesMatcher {
    /// Compiles the `[files]` globs of `cfg`; paths match relative to the config's folder.
    pub fn new(cfg: &Config) -> Result<FilesMatcher, ConfigError> {
        let file = cfg.shown_path();
        let glob = |key: &str, g: &str| crate::config::glob(&file, key, g);
        let mut ex = GlobSetBuilder::new();
        for g in &cfg.files.exclude {
            ex.add(glob("files.exclude", g)?);
        }
        let mut ig = GlobSetBuilder::new();
        let mut sel = Vec::new();
        for (g, rules) in &cfg.files.per_file_ignores {
            ig.add(glob("files.per-file-ignores", g)?);
            sel.push(rules.clone());
        }
        let base = normalize(&if cfg.dir.is_absolute() {
            cfg.dir.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(&cfg.dir)
        });
        let own = own_files(cfg, &base);
        let mut extensions = Vec::new();
        for (ext, name) in &cfg.files.extensions {
            let format = name
                .parse::<Format>()
                .map_err(|e| ConfigError::new(&cfg.shown_path(), format!("`files.extensions.{ext}`: {e}")))?;
            extensions.push((ext.trim_start_matches('.').to_ascii_lowercase(), format));
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| ConfigError::new(&cfg.shown_path(), e.to_string()));
        let mut cx = GlobSetBuilder::new();
        let mut settings = Vec::new();
        for (g, declared) in &cfg.context {
            cx.add(glob("context", g)?);
            let setting = match declared {
                DeclaredContext::Advertising => AdSetting::Promotional,
                DeclaredContext::Editorial => AdSetting::Editorial,
            };
            settings.push((setting, g.clone()));
        }
        Ok(FilesMatcher {
            base,
            exclude: build(ex)?,
            ignores: build(ig)?,
            ignore_selectors: sel,
            context: build(cx)?,
            context_settings: settings,
            own,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_dots_and_applies_parents() {
        assert_eq!(normalize(Path::new("/a/./b/../c/./d.md")), PathBuf::from("/a/c/d.md"));
        assert_eq!(normalize(Path::new("./drafts/a.md")), PathBuf::from("drafts/a.md"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"), "a leading .. stays");
    }
}
