//! Times as evidence writes them, read into UTC: `2026-03-02 10:15:42.118 Z`, ISO 8601 with
//! an offset, epoch seconds, and device-local `2026/03/02 10:15:38:902` without a zone.

use std::fmt;

/// A moment read from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moment {
    /// Milliseconds since 1970-01-01 UTC.
    Utc(i64),
    /// A device-local time with no zone, kept as written (`2026-03-02 10:15:38.902`).
    Local(String),
}

impl Moment {
    /// Sorts UTC moments by time; local ones (no zone) by their text, after UTC ones.
    pub fn sort_key(&self) -> (u8, i64, &str) {
        match self {
            Moment::Utc(millis) => (0, *millis, ""),
            Moment::Local(text) => (1, 0, text),
        }
    }
}

/// Milliseconds since 1970 of a moment; a local one read as if it were UTC, which keeps the
/// distance between two local times of one device.
pub fn millis(moment: &Moment) -> Option<i64> {
    match moment {
        Moment::Utc(at) => Some(*at),
        Moment::Local(local) => local_as_if_utc(local),
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Utc(millis) => f.write_str(&rfc3339(*millis)),
            Moment::Local(text) => f.write_str(text),
        }
    }
}

/// Reads the time at the start of `text` (after an opening `[` or `"`, if any).
pub fn parse_leading(text: &str) -> Option<Moment> {
    let text = text.trim_start_matches(['[', '"', ' ']);
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, &b| n * 10 + i64::from(b - b'0')))
    };
    let year = digits(0..4)?;
    let separator = *bytes.get(4)?;
    if !matches!(separator, b'-' | b'/') || bytes.get(7) != Some(&separator) {
        return None;
    }
    let (month, day) = (digits(5..7)?, digits(8..10)?);
    if !matches!(bytes.get(10), Some(b'T' | b' ')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    // Fractions after `.`, `,` or (the iOS app's logger) `:`.
    if matches!(bytes.get(at), Some(b'.' | b',' | b':'))
        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
    {
        let start = at + 1;
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let fraction = &text[start..end.min(start + 3)];
        millis = fraction.parse::<i64>().ok()? * 10_i64.pow(3 - fraction.len() as u32);
        at = end;
    }
    let rest = text[at..].trim_start_matches(' ');
    let offset_minutes = match rest.as_bytes().first() {
        Some(b'Z') => Some(0),
        Some(sign @ (b'+' | b'-')) => {
            let zone = rest[1..].replace(':', "");
            let hours: i64 = zone.get(0..2)?.parse().ok()?;
            let minutes: i64 = zone.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let total = hours * 60 + minutes;
            Some(if *sign == b'+' { total } else { -total })
        }
        _ => None,
    };
    match offset_minutes {
        Some(offset) => {
            let days = days_from_civil(year, month, day);
            let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offset * 60;
            Some(Moment::Utc(seconds * 1000 + millis))
        }
        None => Some(Moment::Local(format!(
            "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}.{millis:03}"
        ))),
    }
}

/// The widest a zone is from UTC (UTC-12 to UTC+14).
pub const WIDEST_ZONE_MILLIS: i64 = 14 * 3600 * 1000;

/// A device-local time read as if it were UTC: the true time is within
/// [`WIDEST_ZONE_MILLIS`] of it.
pub fn local_as_if_utc(local: &str) -> Option<i64> {
    match parse_leading(&format!("{local}Z"))? {
        Moment::Utc(millis) => Some(millis),
        Moment::Local(_) => None,
    }
}

/// Epoch seconds as the old server logger wrote them (`"ts":1573516747` or `1585655304.19`).
pub fn from_epoch_seconds(seconds: f64) -> Option<Moment> {
    (seconds.is_finite() && seconds > 0.0 && seconds < 1e11)
        .then_some(Moment::Utc((seconds * 1000.0) as i64))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2026-03-02T10:15:42.118Z` (whole seconds without a fraction).
pub fn rfc3339(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let time = format!(
        "{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    );
    match millis.rem_euclid(1000) {
        0 => format!("{year:04}-{month:02}-{day:02}T{time}Z"),
        fraction => format!("{year:04}-{month:02}-{day:02}T{time}.{fraction:03}Z"),
    }
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shapes_evidence_uses_read_as_utc() {
        let utc = |text: &str| parse_leading(text).map(|m| m.to_string());
        assert_eq!(
            utc("2026-03-02 10:15:42.118 Z rest").as_deref(),
            Some("2026-03-02T10:15:42.118Z")
        );
        assert_eq!(
            utc("2022-08-29 11:38:32.298 +02:00").as_deref(),
            Some("2022-08-29T09:38:32.298Z")
        );
        assert_eq!(
            utc("2026-03-02T10:15:39Z").as_deref(),
            Some("2026-03-02T10:15:39Z")
        );
        assert_eq!(
            utc("2020-03-13T19:15:41.6195833Z").as_deref(),
            Some("2020-03-13T19:15:41.619Z")
        );
        assert_eq!(
            utc("[2021-11-12 07:42:42.057 -05:00]").as_deref(),
            Some("2021-11-12T12:42:42.057Z")
        );
        assert_eq!(
            utc("2023-04-21 10:23:26.345893-0700 x").as_deref(),
            Some("2023-04-21T17:23:26.345Z")
        );
        assert_eq!(
            parse_leading("2026/03/02 10:15:38:902 DEBUG x"),
            Some(Moment::Local("2026-03-02 10:15:38.902".into()))
        );
        assert_eq!(
            local_as_if_utc("2026-03-02 10:15:38.902"),
            parse_leading("2026-03-02T10:15:38.902Z").map(|m| match m {
                Moment::Utc(at) => at,
                Moment::Local(_) => 0,
            })
        );
        assert_eq!(parse_leading("not a time"), None);
        assert_eq!(parse_leading("2026-13-02 10:15:38"), None);
        assert_eq!(
            from_epoch_seconds(1573516747.0)
                .map(|m| m.to_string())
                .as_deref(),
            Some("2019-11-11T23:59:07Z")
        );
    }

    proptest::proptest! {
        #[test]
        fn days_and_dates_round_trip(days in -800_000i64..800_000) {
            let (year, month, day) = civil_from_days(days);
            proptest::prop_assert_eq!(days_from_civil(year, month, day), days);
        }

        #[test]
        fn any_text_parses_or_not_without_panicking(text in "\\PC{0,40}") {
            let _ = parse_leading(&text);
        }
    }
}
