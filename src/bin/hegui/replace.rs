//! Rewriting a file so that it is never seen half-written.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder that is renamed over it:
/// a crash, a full disk or a reader at the wrong moment never sees `path` half-written. An
/// existing file keeps its permissions, and a symbolic link keeps pointing where it did (its
/// target is rewritten). On failure the temporary file is removed and `path` is untouched.
///
/// Anything a rename would change in kind is written in place instead, as before: a device,
/// FIFO or other non-regular file (`-o /dev/stdout`), a file with several hard links (they stay
/// one file), and on Unix a file owned by another user or group (it keeps its owner).
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve(path)?;
    let existing = fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|m| !m.file_type().is_file() || several_links(m)) {
        return fs::write(&target, bytes);
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".hegui-tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    // Only a temporary file this call created is removed on failure.
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    if let Some(meta) = &existing
        && !same_owner(meta, &file.metadata()?)
    {
        drop(file);
        let _ = fs::remove_file(&tmp);
        return fs::write(&target, bytes);
    }
    let written = (|| {
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Whether the file has other hard links, which a rename would split from it.
fn several_links(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether a new file (`new`) has the owner and group of the file it would replace (`old`).
fn same_owner(old: &fs::Metadata, new: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        old.uid() == new.uid() && old.gid() == new.gid()
    }
    #[cfg(not(unix))]
    {
        let _ = (old, new);
        true
    }
}

/// The file a write to `path` should replace: the final target of a symbolic link, else `path`.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a.md");
        fs::write(&p, "旧内容").expect("write");
        replace_file(&p, "新内容".as_bytes()).expect("replace");
        assert_eq!(fs::read_to_string(&p).expect("read"), "新内容");
        let names: Vec<_> =
            fs::read_dir(dir.path()).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names, vec![OsString::from("a.md")]);
        // A new file is created too.
        let q = dir.path().join("new.txt");
        replace_file(&q, b"x").expect("create");
        assert_eq!(fs::read(&q).expect("read"), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symbolic_links() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.md");
        fs::write(&real, "a").expect("write");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        replace_file(&link, b"b").expect("replace");
        assert!(fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
        assert_eq!(fs::read(&real).expect("read"), b"b");
        assert_eq!(fs::metadata(&real).expect("stat").permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_and_non_regular_files_are_written_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        fs::write(&a, "old").expect("write");
        fs::hard_link(&a, &b).expect("link");
        replace_file(&a, b"new").expect("replace");
        assert_eq!(fs::read(&b).expect("read"), b"new", "the hard link still shares the content");
        // A character device (here /dev/null) stays what it is: written, not renamed over.
        replace_file(Path::new("/dev/null"), b"x").expect("write to /dev/null");
        assert!(!fs::metadata("/dev/null").expect("stat").file_type().is_file());
        let names: Vec<_> =
            fs::read_dir(dir.path()).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_file_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The target is a folder: the rename fails, and nothing else changes.
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).expect("mkdir");
        fs::write(sub.join("keep"), "k").expect("write");
        assert!(replace_file(&sub, b"x").is_err());
        assert_eq!(fs::read(sub.join("keep")).expect("read"), b"k");
        let names: Vec<_> =
            fs::read_dir(dir.path()).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names, vec![OsString::from("sub")]);
    }
}
