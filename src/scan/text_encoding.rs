//! What a stream's first bytes say about how to read it: as text, as UTF-16 to decode
//! (PowerShell's `Out-File` and `Export-Csv`, Excel's "Unicode text"), or not at all.

/// How to read a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Text,
    Utf16(&'static encoding_rs::Encoding),
    Binary,
}

/// Tells from the head of a stream how to read it. Runs of NUL bytes (a log's
/// `copytruncate` hole, crash padding) say nothing: text is binary only when, NULs aside,
/// more than a tenth of it is neither text nor line breaks.
pub fn sniff(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xff, 0xfe]) {
        return Encoding::Utf16(encoding_rs::UTF_16LE);
    }
    if head.starts_with(&[0xfe, 0xff]) {
        return Encoding::Utf16(encoding_rs::UTF_16BE);
    }
    if let Some(encoding) = utf16_without_bom(head) {
        return Encoding::Utf16(encoding);
    }
    let text: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
    if text.is_empty() {
        return Encoding::Text;
    }
    let controls = text
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b | 0x08))
        .count();
    let invalid = String::from_utf8_lossy(&text).matches('\u{fffd}').count();
    if (controls + invalid) * 10 > text.len() {
        Encoding::Binary
    } else {
        Encoding::Text
    }
}

/// Mostly-ASCII UTF-16 has a NUL in every other byte: the odd ones for little-endian.
fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let pairs: Vec<(u8, u8)> = head
        .chunks_exact(2)
        .take(2048)
        .map(|pair| (pair[0], pair[1]))
        .collect();
    if pairs.len() < 8 {
        return None;
    }
    let zero_first = pairs.iter().filter(|(first, _)| *first == 0).count();
    let zero_second = pairs.iter().filter(|(_, second)| *second == 0).count();
    let mostly = |count: usize| count * 10 >= pairs.len() * 7;
    let rarely = |count: usize| count * 20 <= pairs.len();
    if mostly(zero_second) && rarely(zero_first) {
        Some(encoding_rs::UTF_16LE)
    } else if mostly(zero_first) && rarely(zero_second) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn utf16_is_known_with_and_without_its_bom() {
        let text = "Date (UTC),Request ID,Status\n2026-03-02,abc,Failure\n";
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(utf16le(text));
        assert_eq!(sniff(&with_bom), Encoding::Utf16(encoding_rs::UTF_16LE));
        assert_eq!(
            sniff(&utf16le(text)),
            Encoding::Utf16(encoding_rs::UTF_16LE)
        );
        let big_endian: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&big_endian), Encoding::Utf16(encoding_rs::UTF_16BE));
    }

    #[test]
    fn a_hole_of_nuls_is_text_and_noise_is_binary() {
        let mut hole = vec![0u8; 4096];
        hole.extend_from_slice(b"2026-03-02T10:15:00Z ERROR after the hole\n");
        assert_eq!(sniff(&hole), Encoding::Text);
        assert_eq!(sniff(&[0u8; 8192]), Encoding::Text);
        let elf: Vec<u8> = (0..4096u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(sniff(&elf), Encoding::Binary);
        assert_eq!(sniff("Größe überschritten\n".as_bytes()), Encoding::Text);
    }
}
