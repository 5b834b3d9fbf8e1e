//! Line-oriented evidence read in large blocks: one automaton pass over each block finds the
//! lines worth reading (they hold a known message, id or code, or an error word); every other
//! line is only counted. Blocks are searched on all cores while the next ones are read, and
//! their lines are handed on in file order. This is what makes a multi-gigabyte log quick to
//! scan, in memory that does not grow with it.

use super::format::Format;
use super::lines::LONGEST_LINE;
use super::record::{line_record, line_time, ReadNotes, Record};
use super::signals::{JsonStyle, Signals};
use super::time::Moment;
use crate::work::in_order_streamed;
use memchr::memmem;
use std::cell::RefCell;
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
    let debug_markers =
        [JsonStyle::Compact, JsonStyle::Spaced].map(|style| debug_markers(format, style));
    // Blocks come back here once their lines are handed on, to be read into again: a fresh
    // 4 MiB buffer per block would cost more in page faults than the search itself.
    let spare = RefCell::new(Vec::new());
    let mut splitter = Splitter::new(reader, &spare);
    in_order_streamed(
        || splitter.next_piece(),
        |piece| match piece {
            Piece::Lines(part) => {
                let searched = search(format, &part, signals, &debug_markers);
                (Piece::Lines(part), Some(searched))
            }
            long => (long, None),
        },
        |(piece, searched)| match (piece, searched) {
            (Piece::Lines(part), Some(searched)) => {
                stats.saw_debug |= searched.saw_debug;
                searched.edge_times.into_iter().for_each(&mut *on_time);
                for (start, line) in searched.candidates {
                    let number = stats.lines as usize + line + 1;
                    if let Some(text) = candidate_text(format, &part, start) {
                        each(line_record(format, &text, number, notes));
                    }
                }
                stats.lines += searched.lines;
                spare.borrow_mut().push(part);
            }
            (Piece::LongLine(start), _) => {
                stats.lines += 1;
                let number = stats.lines as usize;
                notes.cut_lines.push(number);
                each(line_record(format, &start, number, notes));
            }
            (Piece::Lines(_), None) => {}
        },
    );
    (stats, splitter.failure.map_or(Ok(()), Err))
}

/// How each server format writes a debug-level line (JSON in `style`, the plain formatter,
/// log4go).
fn debug_markers(format: Format, style: JsonStyle) -> Vec<memmem::Finder<'static>> {
    match format {
        Format::MattermostServerJson => {
            vec![memmem::Finder::new(style.pair("level", "debug").as_bytes()).into_owned()]
        }
        Format::MattermostServerText => vec![
            memmem::Finder::new(b"\ndebug "),
            memmem::Finder::new(b"[DEBG]"),
        ],
        _ => Vec::new(),
    }
}

/// What the reader hands on: whole lines, or the start of a line longer than any block.
enum Piece {
    Lines(Vec<u8>),
    LongLine(String),
}

/// Cuts a reader into pieces of whole lines, about a block each.
struct Splitter<'r> {
    reader: &'r mut dyn BufRead,
    /// Blocks whose lines were handed on, to read into again.
    spare: &'r RefCell<Vec<Vec<u8>>>,
    /// Read but not handed on yet: the start of a line the next read finishes.
    rest: Vec<u8>,
    /// Inside a line longer than any block: its start was handed on, the rest is skipped.
    skipping_rest_of_line: bool,
    /// A read that failed (a truncated .gz): what was read before it is still handed on.
    failure: Option<io::Error>,
    done: bool,
}

impl<'r> Splitter<'r> {
    fn new(reader: &'r mut dyn BufRead, spare: &'r RefCell<Vec<Vec<u8>>>) -> Splitter<'r> {
        Splitter {
            reader,
            spare,
            rest: Vec::new(),
            skipping_rest_of_line: false,
            failure: None,
            done: false,
        }
    }

    fn next_piece(&mut self) -> Option<Piece> {
        loop {
            if self.done {
                return None;
            }
            let mut block = self.spare.borrow_mut().pop().unwrap_or_default();
            block.clear();
            block.extend_from_slice(&self.rest);
            self.rest.clear();
            let mut filled = block.len();
            block.resize(BLOCK, 0);
            // Read straight into the block: a read this large bypasses the reader's buffer.
            while filled < BLOCK && self.failure.is_none() {
                match self.reader.read(&mut block[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => self.failure = Some(err),
                }
            }
            block.truncate(filled);
            let at_end = block.len() < BLOCK || self.failure.is_some();
            self.done = at_end;
            if block.is_empty() {
                return None;
            }
            if self.skipping_rest_of_line {
                if let Some(at) = memchr::memchr(b'\n', &block) {
                    self.rest.extend_from_slice(&block[at + 1..]);
                    self.skipping_rest_of_line = false;
                }
                self.spare.borrow_mut().push(block);
                self.done = at_end && self.rest.is_empty();
                continue;
            }
            let end = match memchr::memrchr(b'\n', &block) {
                Some(at) => at + 1,
                None if at_end => block.len(),
                None => {
                    // One line fills the whole block: its start is the line, the rest is skipped.
                    self.skipping_rest_of_line = true;
                    let start = &block[..LONGEST_LINE.min(block.len())];
                    let start = String::from_utf8_lossy(start).into_owned();
                    self.spare.borrow_mut().push(block);
                    return Some(Piece::LongLine(start));
                }
            };
            self.rest.extend_from_slice(&block[end..]);
            block.truncate(end);
            self.done = at_end && self.rest.is_empty();
            return Some(Piece::Lines(block));
        }
    }
}

/// What searching one piece of whole lines found.
struct Searched {
    /// The start of each line worth reading, and its line number within the piece (from 0).
    candidates: Vec<(usize, usize)>,
    /// Lines in the piece (a last line without its line break counts).
    lines: u64,
    saw_debug: bool,
    /// The times of the first and last lines (logs are written in time order).
    edge_times: Vec<Moment>,
}

/// Searches one piece: the part that runs on all cores.
fn search(
    format: Format,
    part: &[u8],
    signals: &Signals,
    debug_markers: &[Vec<memmem::Finder>; 2],
) -> Searched {
    // A block's first line tells how its JSON is written.
    let style = JsonStyle::of(line_at(part, 0));
    let saw_debug = (format == Format::MattermostServerText && part.starts_with(b"debug "))
        || debug_markers[style as usize]
            .iter()
            .any(|finder| finder.find(part).is_some());
    let last_start = memchr::memrchr(b'\n', &part[..part.len().saturating_sub(1)]);
    let edge_times = [0, last_start.map_or(0, |n| n + 1)]
        .into_iter()
        .filter_map(|edge| line_time(format, &String::from_utf8_lossy(line_at(part, edge))))
        .collect();
    let mut candidates = Vec::new();
    let mut counted_to = 0;
    let mut line = 0;
    signals.candidate_lines(format, style, part, |start| {
        line += memchr::memchr_iter(b'\n', &part[counted_to..start]).count();
        counted_to = start;
        candidates.push((start, line));
    });
    let mut lines = memchr::memchr_iter(b'\n', part).count() as u64;
    if !part.ends_with(b"\n") {
        lines += 1;
    }
    Searched {
        candidates,
        lines,
        saw_debug,
        edge_times,
    }
}

/// The line of `part` that starts at `start`, without its line break.
fn line_at(part: &[u8], start: usize) -> &[u8] {
    let end = memchr::memchr(b'\n', &part[start..]).map_or(part.len(), |n| start + n);
    let line = &part[start..end];
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A candidate line's text as a record reads it; `None` for a blank line.
fn candidate_text(format: Format, part: &[u8], start: usize) -> Option<String> {
    let line = line_at(part, start);
    let mut text = String::from_utf8_lossy(line).into_owned();
    if format == Format::Text && Signals::ends_with_pane_label(&text) {
        // A detail pane copied from the portal: the code is on the next line with text.
        if let Some(value) = next_text_line(part, start + line.len() + 1) {
            text = format!("{} {}", text.trim_end(), value.trim());
        }
    }
    (!text.trim().is_empty()).then_some(text)
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
