//! Lines read with a bounded buffer: a line of many megabytes is cut, not held whole, and
//! bytes that are not UTF-8 are read as replacement characters.

use std::io::{self, BufRead};

/// The most of one line that is kept; the rest of it is skipped.
pub const LONGEST_LINE: usize = 4 << 20;

/// Reads the next line (without its line break) into `line`; `Ok(None)` at the end. Returns
/// whether the line was cut at [`LONGEST_LINE`].
pub fn next_line(
    reader: &mut (impl BufRead + ?Sized),
    bytes: &mut Vec<u8>,
    line: &mut String,
) -> io::Result<Option<bool>> {
    bytes.clear();
    let mut cut = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (taken, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        let room = LONGEST_LINE.saturating_sub(bytes.len());
        let content = &available[..if done { taken - 1 } else { taken }];
        if content.len() > room {
            cut = true;
        }
        bytes.extend_from_slice(&content[..content.len().min(room)]);
        reader.consume(taken);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    line.clear();
    line.push_str(&String::from_utf8_lossy(bytes));
    Ok(Some(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_and_bad_bytes_replaced() {
        let mut text = vec![b'a'; LONGEST_LINE + 10];
        text.extend_from_slice(b"\r\nsecond \xff line\nlast");
        let mut reader = io::BufReader::with_capacity(4096, &text[..]);
        let (mut bytes, mut line) = (Vec::new(), String::new());
        assert_eq!(
            next_line(&mut reader, &mut bytes, &mut line).unwrap(),
            Some(true)
        );
        assert_eq!(line.len(), LONGEST_LINE);
        assert_eq!(
            next_line(&mut reader, &mut bytes, &mut line).unwrap(),
            Some(false)
        );
        assert_eq!(line, "second \u{fffd} line");
        assert_eq!(
            next_line(&mut reader, &mut bytes, &mut line).unwrap(),
            Some(false)
        );
        assert_eq!(line, "last");
        assert_eq!(next_line(&mut reader, &mut bytes, &mut line).unwrap(), None);
    }
}
