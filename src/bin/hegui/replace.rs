//! Rewriting a file so that it is never seen half-written.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder that is renamed over it:
/// a crash, a full disk or a reader at the wrong moment never sees `path` half-written. An
/// existing file keeps its permissions, and a symbolic link keeps pointing where it did (its
/// target is rewritten). On failure the temporary file is removed and `path` is untouched.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".hegui-tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
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
