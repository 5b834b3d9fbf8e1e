//! Line-oriented evidence read in large blocks: one automaton pass over each block finds the
//! lines worth reading (they hold a known message, id or code, or an error word); every other
//! line is only counted. This is what makes a multi-gigabyte log quick to scan, in memory
//! that does not grow with it.

use super::format::Format;
use super::lines::LONGEST_LINE;
use super::record::{line_record, line_time, ReadNotes, Record};
use super::signals::Signals;
use super::time::Moment;
use memchr::memmem;
use std::io::{self, BufRead};

/// How much is read at a time: the longest line read whole, so a line is cut where it would
/// be cut anywhere else.
const BLOCK: usize = LONGEST_LINE;

/// What reading the blocks found besides the records handed on.
#[derive(Debug, Default)]
pub struct BlockStats {
    pub lines: u64,
    /// Whether a debug-level server line was seen.
    pub saw_debug: bool,
}

/// Reads `reader` block by block, handing each line worth a look to `each` and the times of
/// the lines at block edges (which bound the file's time range) to `on_time`.
pub fn read_blocks(
    format: Format,
    reader: &mut dyn BufRead,
    signals: &Signals,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
    on_time: &mut dyn FnMut(Moment),
) -> (BlockStats, io::Result<()>) {
    let mut stats = BlockStats::default();
    // How each server format writes a debug-level line (the plain formatter, log4go).
    let debug_markers: Vec<memmem::Finder> = match format {
        Format::MattermostServerJson => vec![memmem::Finder::new(br#""level":"debug""#)],
        Format::MattermostServerText => vec![
            memmem::Finder::new(b"\ndebug "),
            memmem::Finder::new(b"[DEBG]"),
        ],
        _ => Vec::new(),
    };
    let mut block: Vec<u8> = Vec::with_capacity(BLOCK);
    // Inside a line longer than any block: its start was read, the rest is skipped.
    let mut skipping_rest_of_line = false;
    // A read that failed (a truncated .gz): what was read before it is still scanned.
    let mut failure: Option<io::Error> = None;
    loop {
        if failure.is_some() && block.is_empty() {
            return (stats, failure.map_or(Ok(()), Err));
        }
        // Read straight into the block: a read this large bypasses the reader's own buffer.
        let mut filled = block.len();
        block.resize(BLOCK, 0);
        // After a failed read nothing more is read; what is in the block is still scanned.
        while filled < BLOCK && failure.is_none() {
            match reader.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
        block.truncate(filled);
        if block.is_empty() {
            return (stats, failure.map_or(Ok(()), Err));
        }
        let at_end = block.len() < BLOCK || failure.is_some();
        if skipping_rest_of_line {
            match memchr::memchr(b'\n', &block) {
                Some(at) => {
                    block.drain(..=at);
                    skipping_rest_of_line = false;
                }
                None => block.clear(),
            }
            continue;
        }
        let end = match memchr::memrchr(b'\n', &block) {
            Some(at) => at + 1,
            None if at_end => block.len(),
            None => {
                // One line fills the whole block: read its start as the line, skip the rest.
                stats.lines += 1;
                let number = stats.lines as usize;
                notes.cut_lines.push(number);
                let start =
                    String::from_utf8_lossy(&block[..LONGEST_LINE.min(block.len())]).into_owned();
                each(line_record(format, &start, number, notes));
                block.clear();
                skipping_rest_of_line = true;
                continue;
            }
        };
        let part = &block[..end];
        if !stats.saw_debug {
            stats.saw_debug = (format == Format::MattermostServerText
                && part.starts_with(b"debug "))
                || debug_markers
                    .iter()
                    .any(|finder| finder.find(part).is_some());
        }
        read_part(format, part, stats.lines, signals, notes, each, on_time);
        stats.lines += memchr::memchr_iter(b'\n', part).count() as u64;
        if at_end && !part.ends_with(b"\n") {
            stats.lines += 1;
        }
        block.drain(..end);
        if at_end {
            return (stats, failure.map_or(Ok(()), Err));
        }
    }
}

/// The first line from `from` on that holds text, among the next few (a pane puts blank
/// lines between a label and its value).
fn next_text_line(part: &[u8], from: usize) -> Option<String> {
    let rest = part.get(from..)?;
    rest.split(|&b| b == b'\n')
        .take(4)
        .map(|line| String::from_utf8_lossy(line).trim().to_string())
        .find(|line| !line.is_empty())
}

/// The lines of one block (whole lines only) that hold a pattern, as records.
fn read_part(
    format: Format,
    part: &[u8],
    lines_before: u64,
    signals: &Signals,
    notes: &mut ReadNotes,
    each: &mut dyn FnMut(Record),
    on_time: &mut dyn FnMut(Moment),
) {
    let line_at = |start: usize| -> &[u8] {
        let end = memchr::memchr(b'\n', &part[start..]).map_or(part.len(), |n| start + n);
        let line = &part[start..end];
        line.strip_suffix(b"\r").unwrap_or(line)
    };
    // The lines at the edges bound the time range (logs are written in time order).
    for edge in [
        0,
        memchr::memrchr(b'\n', &part[..part.len().saturating_sub(1)]).map_or(0, |n| n + 1),
    ] {
        if let Some(time) = line_time(format, &String::from_utf8_lossy(line_at(edge))) {
            on_time(time);
        }
    }
    let mut counted_to = 0;
    let mut number = lines_before as usize;
    signals.candidate_lines(format, part, |start| {
        number += memchr::memchr_iter(b'\n', &part[counted_to..start]).count();
        counted_to = start;
        let mut text = String::from_utf8_lossy(line_at(start));
        if format == Format::Text && Signals::ends_with_pane_label(&text) {
            // A detail pane copied from the portal: the code is on the next line with text.
            let after = start + line_at(start).len() + 1;
            if let Some(value) = next_text_line(part, after) {
                text = format!("{} {}", text.trim_end(), value.trim()).into();
            }
        }
        if !text.trim().is_empty() {
            each(line_record(format, &text, number + 1, notes));
        }
    });
}
