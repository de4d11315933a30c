//! The index file: header, checksummed body, atomic save (format in the parent module's docs).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::*;
use crate::dedup::classes;

/// The first eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"HGCORP01";

/// The format version this build reads and writes.
pub const VERSION: u32 = 3;

/// Magic, version, body length, checksum.
pub(super) const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// The body as written (live documents only).
#[derive(Serialize)]
pub(super) struct BodyRef<'a> {
    /// k-gram length.
    pub(super) k: u32,
    /// Winnowing window.
    pub(super) w: u32,
    /// Version of the synonym table the class prints were made with.
    pub(super) classes: u64,
    /// The live documents.
    pub(super) docs: Vec<&'a Doc>,
}

/// The body as read.
#[derive(Deserialize)]
pub(super) struct Body {
    /// k-gram length.
    pub(super) k: u32,
    /// Winnowing window.
    pub(super) w: u32,
    /// Version of the synonym table the class prints were made with.
    pub(super) classes: u64,
    /// The documents.
    pub(super) docs: Vec<Doc>,
}

impl Index {
    /// The index file's bytes: header and body.
    #[cfg(test)]
    pub(super) fn to_bytes(&self, path: &Path) -> Result<Vec<u8>, IndexError> {
        let (header, body) = self.encode(path)?;
        Ok([header.as_slice(), &body].concat())
    }

    /// The index file as header and body (kept apart so saving holds one copy of the body).
    pub(super) fn encode(&self, path: &Path) -> Result<([u8; HEADER_LEN], Vec<u8>), IndexError> {
        let body = BodyRef { k: self.k, w: self.w, classes: classes::version(), docs: self.live().collect() };
        let body = postcard::to_allocvec(&body)
            .map_err(|e| IndexError::Encode { path: path.to_owned(), reason: e.to_string() })?;
        let mut header = [0u8; HEADER_LEN];
        header[..8].copy_from_slice(&MAGIC);
        header[8..12].copy_from_slice(&VERSION.to_le_bytes());
        header[12..20].copy_from_slice(&u64_of(body.len()).to_le_bytes());
        header[20..].copy_from_slice(&crc32fast::hash(&body).to_le_bytes());
        Ok((header, body))
    }

    /// Checks what there is of a header; the body length once the header is complete.
    pub(super) fn check_header(path: &Path, bytes: &[u8]) -> Result<Option<u64>, IndexError> {
        let n = bytes.len().min(MAGIC.len());
        if bytes[..n] != MAGIC[..n] {
            return Err(IndexError::NotAnIndex { path: path.to_owned() });
        }
        let field = |r: Range<usize>| bytes.get(r);
        if let Some(v) = field(8..12).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)
            && v != VERSION
        {
            return Err(IndexError::UnsupportedVersion { path: path.to_owned(), found: v, supported: VERSION });
        }
        Ok(field(12..20).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes))
    }

    /// Decodes a whole index file.
    pub(super) fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Index, IndexError> {
        let body = Self::decode_body(path, &bytes)?;
        // The file's bytes are not needed any more: free them before building the postings.
        drop(bytes);
        Self::from_body(path, body)
    }

    /// Checks the header, length and checksum, and decodes the body.
    pub(super) fn decode_body(path: &Path, bytes: &[u8]) -> Result<Body, IndexError> {
        let corrupt = |reason: String| IndexError::Corrupt { path: path.to_owned(), reason };
        let truncated =
            |expected: u64| IndexError::Truncated { path: path.to_owned(), expected, found: u64_of(bytes.len()) };
        let Some(len) = Self::check_header(path, bytes)? else { return Err(truncated(u64_of(HEADER_LEN))) };
        let (Some(crc), Some(body)) = (bytes.get(20..HEADER_LEN), bytes.get(HEADER_LEN..)) else {
            return Err(truncated(u64_of(HEADER_LEN)));
        };
        let expected = len.saturating_add(u64_of(HEADER_LEN));
        if u64_of(body.len()) < len {
            return Err(truncated(expected));
        }
        if u64_of(body.len()) > len {
            return Err(corrupt(format!(
                "{} bytes after the {expected} the header announces",
                u64_of(bytes.len()) - expected
            )));
        }
        let crc = crc.try_into().map(u32::from_le_bytes).map_err(|_| truncated(expected))?;
        if crc32fast::hash(body) != crc {
            return Err(corrupt("checksum mismatch".into()));
        }
        let (body, rest): (Body, &[u8]) =
            postcard::take_from_bytes(body).map_err(|e| corrupt(format!("cannot decode the body: {e}")))?;
        if !rest.is_empty() {
            return Err(corrupt("unexpected bytes after the body".into()));
        }
        Ok(body)
    }

    /// Checks a decoded body and builds the index from it.
    pub(super) fn from_body(path: &Path, body: Body) -> Result<Index, IndexError> {
        let corrupt = |reason: String| IndexError::Corrupt { path: path.to_owned(), reason };
        if !(1..=64).contains(&body.k) || !(1..=1024).contains(&body.w) {
            return Err(corrupt(format!("bad fingerprint parameters k = {}, w = {}", body.k, body.w)));
        }
        if u32::try_from(body.docs.len()).is_err() {
            return Err(corrupt("too many documents".into()));
        }
        if body.classes != classes::version() {
            return Err(IndexError::OtherSynonyms { path: path.to_owned() });
        }
        let mut index = Index::with_params(body.k, body.w);
        for doc in body.docs {
            if index.by_path.contains_key(&doc.path) {
                return Err(corrupt(format!("document `{}` appears twice", doc.path)));
            }
            let Ok(slot) = u32::try_from(index.docs.len()) else { return Err(corrupt("too many documents".into())) };
            index.by_path.insert(doc.path.clone(), slot);
            index.docs.push(Some(doc));
        }
        // Building the postings decodes every document's fingerprints: a file from a buggy or
        // foreign encoder (the checksum guards against damage) fails here.
        index.compact().map_err(|bad| corrupt(format!("fingerprints of `{bad}` do not decode")))?;
        Ok(index)
    }

    /// Loads an index file, checking its magic, version, length and checksum.
    pub fn load(path: &Path) -> Result<Index, IndexError> {
        let io = |source: io::Error| IndexError::Io { path: path.to_owned(), source };
        let mut file = File::open(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => IndexError::NotFound { path: path.to_owned() },
            _ => io(e),
        })?;
        // Read the header first, so a large foreign file is rejected without reading it whole.
        let mut bytes = Vec::with_capacity(HEADER_LEN);
        (&mut file).take(u64_of(HEADER_LEN)).read_to_end(&mut bytes).map_err(io)?;
        if let Some(len) = Self::check_header(path, &bytes)? {
            // One byte more than announced, to notice trailing bytes.
            file.take(len.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
        }
        Self::from_bytes(path, bytes)
    }

    /// Saves the index atomically: writes `<path>.tmp-<pid>` in the same folder, fsyncs it, renames
    /// it over `path` and fsyncs the folder. On failure the temporary file is removed and any
    /// previous file at `path` is left as it was.
    pub fn save(&self, path: &Path) -> Result<(), IndexError> {
        self.save_with(path, &|_| Ok(()))
    }

    /// [`Index::save`] with a hook run between writing the temporary file and renaming it (tests
    /// inject failures there).
    pub(super) fn save_with(
        &self,
        path: &Path,
        before_rename: &dyn Fn(&Path) -> io::Result<()>,
    ) -> Result<(), IndexError> {
        let io = |source: io::Error| IndexError::Io { path: path.to_owned(), source };
        let (header, body) = self.encode(path)?;
        let name = path
            .file_name()
            .ok_or_else(|| io(io::Error::new(io::ErrorKind::InvalidInput, "the index path names no file")))?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut tmp_name = name.to_os_string();
        tmp_name.push(format!(".tmp-{}", std::process::id()));
        let tmp = dir.join(tmp_name);
        let written = (|| {
            let mut f = File::create(&tmp)?;
            f.write_all(&header)?;
            f.write_all(&body)?;
            f.sync_all()?;
            drop(f);
            before_rename(&tmp)?;
            fs::rename(&tmp, path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io(e));
        }
        sync_dir(dir).map_err(io)
    }
}

/// An exclusive advisory lock held by one writer of an index (`corpus add`, `corpus remove`)
/// from loading it to saving it, so that concurrent writers wait for one another instead of one
/// losing the other's update. Released when dropped (or when the process dies).
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

impl Index {
    /// Takes the write lock of the index at `path` (an advisory lock on `<path>.lock`, created if
    /// needed), waiting while another process holds it; `waiting` is called once before waiting.
    /// Then removes temporary files (`<path>.tmp-<pid>`) left by writers that died while saving.
    pub fn lock_for_update(path: &Path, waiting: &dyn Fn()) -> Result<WriteLock, IndexError> {
        let io = |source: io::Error| IndexError::Io { path: path.to_owned(), source };
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(sibling(path, ".lock"))
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock().map_err(io)?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        remove_stale_temps(path);
        Ok(WriteLock { _file: file })
    }
}

/// Removes `<path>.tmp-<pid>` files whose process is gone (all of them where that cannot be told):
/// the leftovers of a writer killed while saving. Failures are ignored (the files are only litter).
fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return };
    let prefix = format!("{name}.tmp-");
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let alive = pid.parse::<u32>().is_ok_and(|p| p != std::process::id() && process_alive(p));
        if !alive {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether process `pid` exists (Linux: `/proc/<pid>`; elsewhere assumed gone).
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Directories cannot be opened for syncing here; the rename is as durable as the platform makes it.
#[cfg(not(unix))]
pub(super) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
