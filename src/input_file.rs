//! Reading an input file (spec, profile, case file, key, baseline) with a size limit, and only
//! when it is a regular file.
//!
//! Every path the tool reads comes from the user or the environment, so it can be anything:
//! `/dev/zero` would be read until memory runs out, and opening a FIFO blocks until someone
//! writes to it, past any deadline. So a file is checked before it is opened (without following
//! it into a device or a pipe), opened without blocking, checked again on the open handle (the
//! path could have been swapped in between), and read to at most its limit plus one byte.
//!
//! Errors are `io::Error`s with a message that says what is wrong, so every caller keeps its
//! own "cannot read the spec: {e}" wording.

use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::path::Path;

/// The largest spec read: the KONA PLATE spec is about 50 KB.
pub const SPEC_LIMIT: u64 = 8 << 20;
/// The largest case file read: the biggest hand-written one is about 4 KB.
pub const CASE_FILE_LIMIT: u64 = 4 << 20;
/// The largest target profile read: the shipped ones are about 5 KB.
pub const PROFILE_LIMIT: u64 = 1 << 20;
/// The largest key or certificate file read: a PEM chain of a few certificates is about 10 KB.
pub const KEY_LIMIT: u64 = 1 << 20;
/// The largest baseline `report.json` read: bodies in reports are capped, so a report of a few
/// hundred cases is a few MB.
pub const BASELINE_LIMIT: u64 = 256 << 20;

/// The text of the regular file at `path`, refused when it is larger than `limit` bytes or is
/// a directory, a FIFO, a socket or a device.
pub fn read(path: &Path, limit: u64) -> io::Result<String> {
    check_kind(&std::fs::metadata(path)?)?;
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    check_kind(&metadata)?;
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::new();
    // The length can grow after the check (or lie, as in /proc): read one byte past the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    // The wording of `std::fs::read_to_string`, which this replaces.
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Refuses anything but a regular file, naming what it is.
fn check_kind(metadata: &Metadata) -> io::Result<()> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a directory"
    } else {
        special_kind(&kind)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Opens for reading; on Unix with `O_NONBLOCK`, so a FIFO swapped in after the first check
/// cannot block the open (a regular file ignores the flag).
fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("it is larger than the limit of {}", human_size(limit)),
    )
}

/// `8 MiB`, `512 KiB`, `100 bytes`.
fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_file_and_refuses_a_large_one() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f.yaml");
        std::fs::write(&path, "a: 1\n").unwrap();
        assert_eq!(read(&path, 5).unwrap(), "a: 1\n");
        let e = read(&path, 4).unwrap_err();
        assert_eq!(e.to_string(), "it is larger than the limit of 4 bytes");
    }

    #[test]
    fn refuses_directories_and_devices_without_reading_them() {
        let tmp = tempfile::tempdir().unwrap();
        let e = read(tmp.path(), 1 << 20).unwrap_err();
        assert_eq!(e.to_string(), "it is a directory, not a regular file");
        #[cfg(unix)]
        {
            let e = read(Path::new("/dev/zero"), 1 << 20).unwrap_err();
            assert_eq!(e.to_string(), "it is a device, not a regular file");
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(8 << 20), "8 MiB");
        assert_eq!(human_size(4 << 10), "4 KiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
