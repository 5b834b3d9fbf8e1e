//! NUL bytes taken out of a log as it is read: a `copytruncate` rotation leaves a hole of
//! NULs where the old lines were, and a crash pads the end of a file with them. The lines
//! around them are read as if the NULs were not there.

use std::io::{self, BufRead, Read};

pub struct SkipNuls<R> {
    inner: R,
}

impl<R: BufRead> SkipNuls<R> {
    pub fn new(inner: R) -> SkipNuls<R> {
        SkipNuls { inner }
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}

impl<R: BufRead> BufRead for SkipNuls<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        loop {
            let available = self.inner.fill_buf()?;
            let leading = available.iter().take_while(|&&b| b == 0).count();
            if leading == 0 || available.is_empty() {
                break;
            }
            self.inner.consume(leading);
        }
        let available = self.inner.fill_buf()?;
        let end = memchr::memchr(0, available).unwrap_or(available.len());
        Ok(&available[..end])
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

impl<R: BufRead> Read for SkipNuls<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let read = available.len().min(buf.len());
        buf[..read].copy_from_slice(&available[..read]);
        self.consume(read);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_runs_vanish_and_lines_stay() {
        let mut text = vec![0u8; 100_000];
        text.extend_from_slice(b"first\nsec\0\0\0ond\n");
        text.extend(vec![0u8; 5000]);
        let mut source = io::BufReader::with_capacity(4096, &text[..]);
        let mut read = String::new();
        SkipNuls::new(&mut source)
            .read_to_string(&mut read)
            .unwrap();
        assert_eq!(read, "first\nsecond\n");
    }
}
