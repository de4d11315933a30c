//! `[files]` of hegui.toml compiled: which paths are excluded, which rules are ignored where.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use crate::config::{Config, ConfigError, DeclaredContext};
use crate::model::AdSetting;

/// Per-path filters compiled from `[files]`.
#[derive(Debug, Clone)]
pub struct FilesMatcher {
    base: PathBuf,
    exclude: GlobSet,
    ignores: GlobSet,
    ignore_selectors: Vec<Vec<String>>,
    context: GlobSet,
    context_settings: Vec<(AdSetting, String)>,
}

impl FilesMatcher {
    fn rel<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        let abs = if path.is_absolute() {
            std::borrow::Cow::Borrowed(path)
        } else {
            std::borrow::Cow::Owned(std::env::current_dir().unwrap_or_default().join(path))
        };
        match abs.strip_prefix(&self.base) {
            Ok(r) => std::borrow::Cow::Owned(r.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
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
        let base = if cfg.dir.is_absolute() {
            cfg.dir.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(&cfg.dir)
        };
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
        })
    }
}
