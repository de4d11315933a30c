//! The index file: header, checksummed body written and read in one stream, atomic save (format
//! in the parent module's docs).

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use zerocopy::{FromBytes, IntoBytes};

use super::*;
use crate::dedup::classes;

/// The first eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"HGCORP01";

/// The format version this build reads and writes.
pub const VERSION: u32 = 4;

/// Magic, version, body length, checksum.
pub(super) const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// Values converted a chunk at a time when tables are written (a chunk of the smallest values, 4
/// bytes, fills the 1 MiB buffer, so writes bypass it).
const CHUNK: usize = 1 << 18;

/// Values read a chunk at a time (chunks of 4 MiB and more, read past the 1 MiB buffer).
const READ_CHUNK: usize = 1 << 20;

/// A writer that counts and checksums what goes through it.
struct Sealing<W> {
    inner: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Write for Sealing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(buf.get(..n).unwrap_or_default());
        self.len += u64_of(n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader of at most `left` bytes that checksums what it reads (under the read buffer, so the
/// checksum runs over large blocks, not field by field).
struct Checking<R> {
    inner: R,
    crc: crc32fast::Hasher,
    left: u64,
}

impl<R: Read> Read for Checking<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let max = usize::try_from(self.left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..max).unwrap_or_default())?;
        self.crc.update(buf.get(..n).unwrap_or_default());
        self.left -= u64_of(n);
        Ok(n)
    }
}

/// A body being decoded: what is read, and how many of the body's bytes are left.
struct Parser<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Parser<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let max = usize::try_from(self.left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..max).unwrap_or_default())?;
        self.left -= u64_of(n);
        Ok(n)
    }
}

/// Why a body could not be read.
enum BodyError {
    /// Reading failed.
    Io(io::Error),
    /// The bytes do not make a body.
    Bad(String),
}

impl From<io::Error> for BodyError {
    fn from(e: io::Error) -> Self {
        // The length was checked against the file's, so a short read is a body that says it
        // holds more than it does.
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Self::Bad("cannot decode the body: cut short".into())
        } else {
            Self::Io(e)
        }
    }
}

/// A body's parts, as read.
pub(super) struct Body {
    /// k-gram length.
    pub(super) k: u32,
    /// Winnowing window.
    pub(super) w: u32,
    /// Version of the synonym table the class prints were made with.
    pub(super) classes: u64,
    /// The documents, in slots.
    pub(super) docs: Docs,
    /// Their postings.
    pub(super) postings: Postings,
}

fn put_bytes(out: &mut impl Write, b: &[u8]) -> io::Result<()> {
    out.write_all(&u64_of(b.len()).to_le_bytes())?;
    out.write_all(b)
}

/// Writes a whole file (header, then the body streamed through the checksum; the header's length
/// and checksum are filled in at the end).
pub(super) fn write_file<'a, W: Write + Seek>(
    out: &mut W,
    params: (u32, u32, u64),
    count: usize,
    docs: impl Iterator<Item = DocRef<'a>>,
    postings: &Postings,
) -> io::Result<()> {
    let start = out.stream_position()?;
    out.write_all(&MAGIC)?;
    out.write_all(&VERSION.to_le_bytes())?;
    out.write_all(&[0; 12])?;
    let mut body =
        Sealing { inner: BufWriter::with_capacity(1 << 20, &mut *out), crc: crc32fast::Hasher::new(), len: 0 };
    let (k, w, classes) = params;
    body.write_all(&k.to_le_bytes())?;
    body.write_all(&w.to_le_bytes())?;
    body.write_all(&classes.to_le_bytes())?;
    body.write_all(&u64_of(count).to_le_bytes())?;
    let mut written = 0;
    for d in docs {
        written += 1;
        put_bytes(&mut body, d.path.as_bytes())?;
        match d.title {
            Some(t) => {
                body.write_all(&[1])?;
                put_bytes(&mut body, t.as_bytes())?;
            }
            None => body.write_all(&[0])?,
        }
        body.write_all(d.content_hash)?;
        body.write_all(&d.chars.to_le_bytes())?;
        put_bytes(&mut body, d.prints)?;
    }
    if written != count {
        return Err(io::Error::other(format!("{written} documents written, {count} announced")));
    }
    body.write_all(&postings.bucket_bits.to_le_bytes())?;
    body.write_all(&postings.slot_bits.to_le_bytes())?;
    body.write_all(&u64_of(postings.postings.len()).to_le_bytes())?;
    let mut buf = Vec::with_capacity(CHUNK * 8);
    for c in postings.starts.chunks(CHUNK) {
        buf.clear();
        c.iter().for_each(|s| buf.extend_from_slice(&s.to_le_bytes()));
        body.write_all(&buf)?;
    }
    for c in postings.postings.chunks(CHUNK) {
        buf.clear();
        c.iter().for_each(|p| buf.extend_from_slice(&p.to_le_bytes()));
        body.write_all(&buf)?;
    }
    body.flush()?;
    let (len, crc) = (body.len, body.crc.clone().finalize());
    let file = body.inner.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.seek(SeekFrom::Start(start + 12))?;
    file.write_all(&len.to_le_bytes())?;
    file.write_all(&crc.to_le_bytes())?;
    file.seek(SeekFrom::End(0))?;
    Ok(())
}

/// Reads fixed-size fields and length-prefixed byte strings; every allocation is bounded by the
/// bytes left in the body (a small multiple of them for the document store's records), never by
/// a count the file states.
impl<R: Read> Parser<R> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], BodyError> {
        let mut b = [0u8; N];
        self.read_exact(&mut b)?;
        Ok(b)
    }

    fn u32(&mut self) -> Result<u32, BodyError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, BodyError> {
        self.array().map(u64::from_le_bytes)
    }

    /// A count of items of `size` bytes each that the rest of the body can hold.
    fn count(&mut self, size: u64, what: &str) -> Result<usize, BodyError> {
        let n = self.u64()?;
        if n.checked_mul(size).is_none_or(|b| b > self.left) {
            return Err(BodyError::Bad(format!("cannot decode the body: {n} {what} do not fit in it")));
        }
        usize::try_from(n).map_err(|_| BodyError::Bad(format!("cannot decode the body: {n} {what}")))
    }

    /// A length-prefixed byte string, into `buf` (replacing what it held).
    fn bytes_into(&mut self, buf: &mut Vec<u8>, what: &str) -> Result<(), BodyError> {
        let n = self.count(1, what)?;
        buf.clear();
        buf.resize(n, 0);
        self.read_exact(buf)?;
        Ok(())
    }

    /// `n` little-endian values, read a chunk at a time straight into their final vector (`zeroed`
    /// allocates it; chunks larger than the reader's buffer, so they are read past it). After
    /// each chunk, `check(values so far, index of the chunk's first)` says what is wrong with
    /// them, if anything.
    fn table<T: FromBytes + IntoBytes + Copy>(
        &mut self,
        n: usize,
        zeroed: fn(usize) -> Vec<T>,
        from_le: fn(T) -> T,
        mut check: impl FnMut(&[T], usize) -> Result<(), &'static str>,
    ) -> Result<Vec<T>, BodyError> {
        let mut out = zeroed(n);
        let mut first = 0;
        while first < n {
            let end = (first + READ_CHUNK).min(n);
            let chunk = out.get_mut(first..end).unwrap_or_default();
            self.read_exact(chunk.as_mut_bytes())?;
            // (Nothing to do on a little-endian machine.)
            chunk.iter_mut().for_each(|v| *v = from_le(*v));
            check(out.get(..end).unwrap_or_default(), first).map_err(|e| BodyError::Bad(e.into()))?;
            first = end;
        }
        Ok(out)
    }

    fn body(&mut self) -> Result<Body, BodyError> {
        fn utf8<'a>(b: &'a [u8], what: &str) -> Result<&'a str, BodyError> {
            std::str::from_utf8(b).map_err(|_| BodyError::Bad(format!("cannot decode the body: {what} is not UTF-8")))
        }
        let (k, w, classes) = (self.u32()?, self.u32()?, self.u64()?);
        // A document takes at least 53 bytes.
        let n = self.count(53, "documents")?;
        if u32::try_from(n).is_err() {
            return Err(BodyError::Bad("too many documents".into()));
        }
        // Read straight into the index's tables, each document checked as it comes: fingerprint
        // bytes into one buffer, paths and titles into another.
        let mut docs = Docs::with_capacity(n);
        let (mut path, mut title) = (Vec::new(), Vec::new());
        for _ in 0..n {
            self.bytes_into(&mut path, "a path")?;
            let has_title = match self.array::<1>()? {
                [0] => false,
                [1] => {
                    self.bytes_into(&mut title, "a title")?;
                    true
                }
                [b] => return Err(BodyError::Bad(format!("cannot decode the body: title flag {b}"))),
            };
            let (path, title) = (utf8(&path, "a path")?, if has_title { Some(utf8(&title, "a title")?) } else { None });
            let content_hash = self.array()?;
            let chars = self.u32()?;
            let len = self.count(1, "fingerprint bytes")?;
            docs.push_unindexed(path, title, content_hash, chars, |buf| {
                let at = buf.len();
                buf.resize(at + len, 0);
                self.read_exact(buf.get_mut(at..).unwrap_or_default())?;
                // The hashes are what queries read without decoding the rest (which is checked
                // when a document is aligned).
                match Prints::encoded_hash_iter(buf.get(at..).unwrap_or_default()) {
                    Some(_) => Ok(()),
                    None => Err(BodyError::Bad(format!("fingerprints of `{path}` do not decode"))),
                }
            })?;
        }
        docs.shrink_to_fit();
        if let Err(s) = docs.index_paths() {
            let path = docs.get(s).map(|d| d.path).unwrap_or_default();
            return Err(BodyError::Bad(format!("document `{path}` appears twice")));
        }
        let (bucket_bits, slot_bits) = (self.u32()?, self.u32()?);
        if !Postings::valid_bits(bucket_bits, slot_bits, docs.slots()) {
            return Err(BodyError::Bad(format!("bad posting parameters {bucket_bits} / {slot_bits}")));
        }
        let n_postings = self.u64()?;
        let buckets = 1u64 << bucket_bits;
        let table_bytes = (buckets + 1).saturating_mul(8).saturating_add(n_postings.saturating_mul(4));
        if table_bytes != self.left {
            return Err(BodyError::Bad(format!(
                "cannot decode the body: {} bytes left for postings tables of {table_bytes}",
                self.left
            )));
        }
        let rising = |all: &[u64], from: usize| {
            let new = all.get(from.saturating_sub(1)..).unwrap_or_default();
            new.windows(2).all(|w| w[0] <= w[1]).then_some(()).ok_or("bad posting bucket table")
        };
        let starts = self.table((buckets + 1) as usize, |n| vec![0u64; n], u64::from_le, rising)?;
        if starts.first() != Some(&0) || starts.last() != Some(&n_postings) {
            return Err(BodyError::Bad("bad posting bucket table".into()));
        }
        // Every bucket sorted without repeats, every slot naming a document: checked a chunk at a
        // time as the postings are read (while they are in cache).
        let mask = (1u64 << slot_bits).wrapping_sub(1) as u32;
        let slots = u64_of(docs.slots());
        let mut bucket = 0usize;
        let mut bad = false;
        let postings = self.table(
            n_postings as usize,
            |n| vec![0u32; n],
            u32::from_le,
            |all: &[u32], from: usize| {
                // Every new slot names a document; every bucket the new values fall in rises, from
                // its first new value (compared with the one before it when that is in the bucket).
                let new = all.get(from..).unwrap_or_default();
                bad |= new.iter().fold(false, |b, &p| b | (u64::from(p & mask) >= slots));
                let mut at = from;
                while at < all.len() {
                    while starts.get(bucket + 1).is_some_and(|&s| s as usize <= at) {
                        bucket += 1;
                    }
                    let lo = starts.get(bucket).map_or(at, |&s| s as usize);
                    let hi = starts.get(bucket + 1).map_or(all.len(), |&s| (s as usize).min(all.len()));
                    let part = all.get(at.max(lo + 1) - 1..hi).unwrap_or_default();
                    bad |= part.windows(2).fold(false, |b, w| b | (w[1] <= w[0]));
                    at = hi.max(at + 1);
                }
                if bad { Err("postings out of order or naming no document") } else { Ok(()) }
            },
        )?;
        Ok(Body { k, w, classes, docs, postings: Postings { postings, starts, bucket_bits, slot_bits } })
    }
}

impl Index {
    /// The index file's bytes: header and body.
    #[cfg(test)]
    pub(super) fn to_bytes(&self, path: &Path) -> Result<Vec<u8>, IndexError> {
        let mut out = io::Cursor::new(Vec::new());
        self.write_to(&mut out, path)?;
        Ok(out.into_inner())
    }

    /// Writes the index file (live documents only) to `out`. The postings are written as they are
    /// when no document was added one by one or removed since they were built; otherwise (and for
    /// a new index, which has none) they are built afresh for the live documents first.
    fn write_to<W: Write + Seek>(&self, out: &mut W, path: &Path) -> Result<(), IndexError> {
        let count = self.docs.live();
        let fresh;
        let postings = if self.base_is_exact() && !self.base.starts.is_empty() {
            &self.base
        } else {
            // Postings of the live documents, numbered without the holes.
            let slots: Vec<u32> = self.docs.live_slots().collect();
            let doc = |i: usize| slots.get(i).and_then(|&s| self.docs.get(s));
            fresh =
                Postings::build(count, |i| doc(i).and_then(|d| Prints::encoded_hash_iter(d.prints))).map_err(|i| {
                    IndexError::Encode {
                        path: path.to_owned(),
                        reason: format!("fingerprints of document {i} do not decode"),
                    }
                })?;
            &fresh
        };
        write_file(out, (self.k, self.w, classes::version()), count, self.live(), postings)
            .map_err(|source| IndexError::Io { path: path.to_owned(), source })
    }

    /// Checks what there is of a header; the body length once the header is complete.
    pub(super) fn check_header(path: &Path, bytes: &[u8]) -> Result<Option<u64>, IndexError> {
        let n = bytes.len().min(MAGIC.len());
        if bytes[..n] != MAGIC[..n] {
            return Err(IndexError::NotAnIndex { path: path.to_owned() });
        }
        let field = |r: std::ops::Range<usize>| bytes.get(r);
        if let Some(v) = field(8..12).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)
            && v != VERSION
        {
            return Err(IndexError::UnsupportedVersion { path: path.to_owned(), found: v, supported: VERSION });
        }
        Ok(field(12..20).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes))
    }

    /// Checks a body read whole and builds the index from it.
    fn from_body(path: &Path, body: Body) -> Result<Index, IndexError> {
        let corrupt = |reason: String| IndexError::Corrupt { path: path.to_owned(), reason };
        if !(1..=64).contains(&body.k) || !(1..=1024).contains(&body.w) {
            return Err(corrupt(format!("bad fingerprint parameters k = {}, w = {}", body.k, body.w)));
        }
        if body.classes != classes::version() {
            return Err(IndexError::OtherSynonyms { path: path.to_owned() });
        }
        let mut index = Index::with_params(body.k, body.w);
        index.docs = body.docs;
        index.base = body.postings;
        Ok(index)
    }

    /// Loads an index file, checking its magic, version, length and checksum. The body is read
    /// in one pass straight into the index's tables (no copy of the file is held).
    pub fn load(path: &Path) -> Result<Index, IndexError> {
        let io = |source: io::Error| IndexError::Io { path: path.to_owned(), source };
        let corrupt = |reason: String| IndexError::Corrupt { path: path.to_owned(), reason };
        let mut file = File::open(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => IndexError::NotFound { path: path.to_owned() },
            _ => io(e),
        })?;
        let size = file.metadata().map_err(io)?.len();
        // Read the header first, so a large foreign file is rejected without reading it whole.
        let mut header = Vec::with_capacity(HEADER_LEN);
        (&mut file).take(u64_of(HEADER_LEN)).read_to_end(&mut header).map_err(io)?;
        let truncated = |expected: u64| IndexError::Truncated { path: path.to_owned(), expected, found: size };
        let Some(len) = Self::check_header(path, &header)? else { return Err(truncated(u64_of(HEADER_LEN))) };
        let Some(crc) = header.get(20..HEADER_LEN).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes) else {
            return Err(truncated(u64_of(HEADER_LEN)));
        };
        let expected = len.saturating_add(u64_of(HEADER_LEN));
        if size < expected {
            return Err(truncated(expected));
        }
        if size > expected {
            return Err(corrupt(format!("{} bytes after the {expected} the header announces", size - expected)));
        }
        let checking = Checking { inner: file, crc: crc32fast::Hasher::new(), left: len };
        let mut body = Parser { inner: BufReader::with_capacity(1 << 20, checking), left: len };
        let parsed = body.body();
        let unread = body.left;
        if parsed.is_err() {
            // Damage shows as a checksum mismatch, whatever it broke first.
            io::copy(&mut body, &mut io::sink()).map_err(io)?;
        }
        // (Every byte the buffer took was checksummed; after a good parse or the copy, all of
        // the body's bytes were.)
        let sum = body.inner.into_inner().crc.finalize();
        match parsed {
            Err(BodyError::Io(e)) => Err(io(e)),
            _ if sum != crc => Err(corrupt("checksum mismatch".into())),
            Err(BodyError::Bad(reason)) => Err(corrupt(reason)),
            Ok(_) if unread > 0 => Err(corrupt("unexpected bytes after the body".into())),
            Ok(b) => Self::from_body(path, b),
        }
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
            let mut f = File::create(&tmp).map_err(io)?;
            self.write_to(&mut f, path)?;
            f.sync_all().map_err(io)?;
            drop(f);
            before_rename(&tmp).map_err(io)?;
            fs::rename(&tmp, path).map_err(io)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e);
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
