//! A CSV export as the csv reader gets it: its delimiter told from the header (Excel in
//! European locales writes `;`), and each record cut at [`LONGEST_RECORD`] so that one huge
//! cell cannot fill memory (the reader holds a whole record).

use std::io::{self, BufRead, Read};

/// The most of one record that is kept; a real sign-in row is a few KiB.
pub const LONGEST_RECORD: usize = 1 << 20;

/// The delimiter the header line uses most: `,`, `;` or a tab.
pub fn delimiter(head: &[u8]) -> u8 {
    let header = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |delimiter: u8| header.iter().filter(|&&b| b == delimiter).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .unwrap_or(b',')
}

/// Records longer than [`LONGEST_RECORD`] lose the rest of their bytes up to the line break
/// that ends them. Quotes are followed through what is cut, so a record ends where the CSV
/// says; a quote the kept part left open is closed before that line break.
pub struct CappedRecords<R> {
    inner: R,
    record_len: usize,
    /// Inside quotes, as the whole input reads.
    in_quotes: bool,
    /// Inside quotes, as what is handed over reads.
    kept_in_quotes: bool,
    skipping: bool,
    /// The last byte handed on ended a record at a CR; an LF right after it is dropped.
    after_cr: bool,
    records: usize,
    /// Records that were cut, by number (1-based, the header being the first).
    pub cut: Vec<usize>,
}

impl<R: BufRead> CappedRecords<R> {
    pub fn new(inner: R) -> CappedRecords<R> {
        CappedRecords {
            inner,
            record_len: 0,
            in_quotes: false,
            kept_in_quotes: false,
            skipping: false,
            after_cr: false,
            records: 1,
            cut: Vec::new(),
        }
    }
}

impl<R: BufRead> Read for CappedRecords<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        'fill: while written < buf.len() {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                break;
            }
            let mut used = 0;
            for &byte in available {
                // A CRLF outside quotes is handed on as one LF: the csv reader counts the line
                // of a record after CRLF one short, and `file:line` must be the physical line.
                if std::mem::take(&mut self.after_cr) && byte == b'\n' {
                    used += 1;
                    continue;
                }
                let ends_record = (byte == b'\n' || byte == b'\r') && !self.in_quotes;
                let close_quote = ends_record && self.kept_in_quotes;
                let room = buf.len() - written;
                if room < 1 + usize::from(close_quote) {
                    self.inner.consume(used);
                    break 'fill;
                }
                used += 1;
                if byte == b'"' {
                    self.in_quotes = !self.in_quotes;
                }
                if ends_record {
                    if close_quote {
                        buf[written] = b'"';
                        written += 1;
                    }
                    self.kept_in_quotes = false;
                    self.skipping = false;
                    self.record_len = 0;
                    self.records += 1;
                    self.after_cr = byte == b'\r';
                    buf[written] = b'\n';
                    written += 1;
                    continue;
                } else if self.skipping {
                    continue;
                } else if self.record_len >= LONGEST_RECORD {
                    self.skipping = true;
                    self.cut.push(self.records);
                    continue;
                } else if byte == b'"' {
                    self.kept_in_quotes = !self.kept_in_quotes;
                }
                self.record_len += 1;
                buf[written] = byte;
                written += 1;
            }
            self.inner.consume(used);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_tells_the_delimiter() {
        assert_eq!(
            delimiter(b"\"Date (UTC)\";\"Request ID\";\"Status\"\n1,2;3"),
            b';'
        );
        assert_eq!(delimiter(b"Date (UTC),Request ID,Status\n"), b',');
        assert_eq!(delimiter(b"TimeGenerated\tResultType\n"), b'\t');
        assert_eq!(delimiter(b"one column\n"), b',');
    }

    #[test]
    fn a_huge_cell_is_cut_and_the_rows_after_it_are_whole() {
        let huge = "x".repeat(LONGEST_RECORD * 3);
        let text = format!("a,b\n1,\"{huge}\n\"\"{huge}\"\n2,\"two\"\n");
        let mut capped = CappedRecords::new(io::BufReader::with_capacity(4096, text.as_bytes()));
        let mut read = String::new();
        capped.read_to_string(&mut read).unwrap();
        assert_eq!(capped.cut, [2]);
        let mut csv = csv::ReaderBuilder::new().from_reader(read.as_bytes());
        let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][1].len(), LONGEST_RECORD - 3);
        assert_eq!(&rows[1][1], "two");
    }

    #[test]
    fn records_of_a_crlf_export_start_on_their_physical_lines() {
        // As the portal writes it: CRLF line ends, and a cell holding two lines.
        let text = "a,b\r\n1,\"two\r\nlines\"\r\n2,x\r\n3,y\r\n";
        let mut capped = CappedRecords::new(text.as_bytes());
        let mut read = String::new();
        capped.read_to_string(&mut read).unwrap();
        let mut csv = csv::ReaderBuilder::new().from_reader(read.as_bytes());
        let lines: Vec<u64> = csv
            .records()
            .map(|row| row.unwrap().position().unwrap().line())
            .collect();
        assert_eq!(lines, [2, 4, 5]);
    }
}
