//! Device clocks: the app's log writes local time with no zone. A record joined by id to a
//! UTC record of the same attempt tells the zone (the difference, to the nearest quarter
//! hour); failing that, the same server error on the app and the server seconds apart does.
//! `--tz` names it outright.

use super::{Clue, ClueEntry, Layer};
use crate::scan::render::counted;
use crate::scan::time::{self, Moment};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// A UTC offset in minutes east of Greenwich (+60 is UTC+01:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Offset(i32);

const QUARTER_HOUR: i64 = 15 * 60 * 1000;
/// How far an id-joined pair may be apart once the zone is taken off (an Entra record
/// notes the start of a sign-in; the app logs its error when it gives up).
const ID_PAIR_SLACK: i64 = 5 * 60 * 1000;
/// How far the app's and the server's records of one server error may be apart.
const ERROR_PAIR_SLACK: i64 = 10 * 1000;
/// Server records looked at per app record when guessing the zone from errors.
const ERROR_CANDIDATES: usize = 1_000;

impl Offset {
    /// `+01:00`, `-0500`, `+5:30`, `UTC`, `Z`.
    pub fn parse(text: &str) -> Result<Offset, String> {
        let text = text.trim();
        if matches!(text.to_ascii_uppercase().as_str(), "Z" | "UTC" | "GMT") {
            return Ok(Offset(0));
        }
        let fail = || format!("`{text}` is not a UTC offset: write it as +01:00, -05:00 or UTC");
        let (sign, rest) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => return Err(fail()),
        };
        let (hours, minutes) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        let hours: i32 = hours.parse().map_err(|_| fail())?;
        let minutes: i32 = minutes.parse().map_err(|_| fail())?;
        if hours > 14 || minutes >= 60 || (hours == 14 && minutes > 0) {
            return Err(fail());
        }
        Ok(Offset(sign * (hours * 60 + minutes)))
    }

    fn millis(self) -> i64 {
        i64::from(self.0) * 60_000
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let minutes = self.0.abs();
        write!(f, "UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// How a device file's zone was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Given(Offset),
    /// From this many records joined by id to UTC records.
    ById(Offset, usize),
    /// From this many server errors the app and the server both logged.
    ByError(Offset, usize),
}

impl Found {
    fn offset(self) -> Offset {
        match self {
            Found::Given(offset) | Found::ById(offset, _) | Found::ByError(offset, _) => offset,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Found::Given(offset) => format!("device-local times read as {offset} (--tz)"),
            Found::ById(offset, pairs) => format!(
                "device-local times read as {offset}, the zone that {} joined by id to \
                 UTC records show{}",
                counted(pairs as u64, "record"),
                if pairs == 1 { "s" } else { "" }
            ),
            Found::ByError(offset, pairs) => format!(
                "device-local times read as {offset}, the zone that {} logged by both the \
                 app and the server show{} (give --tz if that is wrong)",
                counted(pairs as u64, "server error"),
                if pairs == 1 { "s" } else { "" }
            ),
        }
    }
}

/// The zone of every file that writes local time, where it could be told.
#[derive(Debug, Default)]
pub struct DeviceOffsets {
    pub by_file: BTreeMap<usize, Found>,
    /// Files with local times whose zone is unknown.
    pub unknown: BTreeSet<usize>,
}

impl DeviceOffsets {
    /// A clue's time in milliseconds UTC, if it can be known.
    pub fn utc(&self, clue: &Clue) -> Option<i64> {
        match clue.time.as_ref()? {
            Moment::Utc(at) => Some(*at),
            Moment::Local(text) => {
                let offset = self.by_file.get(&clue.file)?.offset();
                Some(time::local_as_if_utc(text)? - offset.millis())
            }
        }
    }
}

/// Finds each device file's zone: `given` for all, else the one its joined records show.
pub fn device_offsets(clues: &[Clue], given: Option<Offset>) -> DeviceOffsets {
    let local_files: BTreeSet<usize> = clues
        .iter()
        .filter(|clue| matches!(clue.time, Some(Moment::Local(_))))
        .map(|clue| clue.file)
        .collect();
    let mut offsets = DeviceOffsets::default();
    if let Some(offset) = given {
        for file in local_files {
            offsets.by_file.insert(file, Found::Given(offset));
        }
        return offsets;
    }
    let by_id = best_votes(votes_by_id(clues));
    let by_error = best_votes(votes_by_error(clues));
    for file in local_files {
        let found = match (by_id.get(&file), by_error.get(&file)) {
            (Some(&(offset, pairs)), _) => Found::ById(offset, pairs),
            (None, Some(&(offset, pairs))) => Found::ByError(offset, pairs),
            (None, None) => {
                offsets.unknown.insert(file);
                continue;
            }
        };
        offsets.by_file.insert(file, found);
    }
    offsets
}

/// The zone a local and a UTC time of one moment differ by, if they are within `slack` of
/// a whole quarter hour of each other and no more than 14 hours apart.
fn zone_between(local: i64, utc: i64, slack: i64) -> Option<Offset> {
    let difference = local - utc;
    let quarters = (difference as f64 / QUARTER_HOUR as f64).round() as i64;
    let residue = (difference - quarters * QUARTER_HOUR).abs();
    let minutes = quarters * 15;
    (residue <= slack && minutes.abs() <= 14 * 60).then_some(Offset(minutes as i32))
}

type Votes = HashMap<usize, HashMap<Offset, usize>>;

/// Local records that share an id with a UTC record, by file: the zones they show.
fn votes_by_id(clues: &[Clue]) -> Votes {
    let mut utc_by_key: HashMap<&str, i64> = HashMap::new();
    for clue in clues {
        if let Some(Moment::Utc(at)) = clue.time {
            for key in all_keys(clue) {
                utc_by_key.entry(key).or_insert(at);
            }
        }
    }
    let mut votes = Votes::new();
    for clue in clues {
        let Some(local) = local_millis(clue) else {
            continue;
        };
        for key in all_keys(clue) {
            let zone = utc_by_key
                .get(key)
                .and_then(|&utc| zone_between(local, utc, ID_PAIR_SLACK));
            if let Some(zone) = zone {
                *votes.entry(clue.file).or_default().entry(zone).or_default() += 1;
            }
        }
    }
    votes
}

/// App records of a server error beside the server's records of it, by file: the zones
/// that put them within seconds of each other.
fn votes_by_error(clues: &[Clue]) -> Votes {
    let mut server_times: HashMap<usize, Vec<i64>> = HashMap::new();
    for clue in clues.iter().filter(|clue| clue.layer == Layer::Server) {
        if let (ClueEntry::Exact(entry), Some(Moment::Utc(at))) = (&clue.entry, &clue.time) {
            server_times.entry(*entry).or_default().push(*at);
        }
    }
    for times in server_times.values_mut() {
        times.sort_unstable();
    }
    let mut votes = Votes::new();
    for clue in clues.iter().filter(|clue| clue.layer == Layer::Mobile) {
        let (ClueEntry::Exact(entry), Some(local)) = (&clue.entry, local_millis(clue)) else {
            continue;
        };
        let Some(times) = server_times.get(entry) else {
            continue;
        };
        let widest = time::WIDEST_ZONE_MILLIS + ERROR_PAIR_SLACK;
        let from = times.partition_point(|&at| at < local - widest);
        let zones: BTreeSet<Offset> = times[from..]
            .iter()
            .take_while(|&&at| at <= local + widest)
            .take(ERROR_CANDIDATES)
            .filter_map(|&utc| zone_between(local, utc, ERROR_PAIR_SLACK))
            .collect();
        // One record that fits several zones tells none of them.
        if let [zone] = zones.into_iter().collect::<Vec<_>>()[..] {
            *votes.entry(clue.file).or_default().entry(zone).or_default() += 1;
        }
    }
    votes
}

/// Each file's most-voted zone and its votes; a tie tells nothing.
fn best_votes(votes: Votes) -> HashMap<usize, (Offset, usize)> {
    votes
        .into_iter()
        .filter_map(|(file, zones)| {
            let most = *zones.values().max()?;
            let mut best = zones.iter().filter(|(_, &n)| n == most);
            let (&zone, _) = best.next()?;
            best.next().is_none().then_some((file, (zone, most)))
        })
        .collect()
}

fn local_millis(clue: &Clue) -> Option<i64> {
    match clue.time.as_ref()? {
        Moment::Local(text) => time::local_as_if_utc(text),
        Moment::Utc(_) => None,
    }
}

fn all_keys(clue: &Clue) -> impl Iterator<Item = &str> {
    let keys = &clue.keys;
    keys.correlation_ids
        .iter()
        .chain(&keys.trace_ids)
        .chain(&keys.mattermost_request_ids)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_people_write_them() {
        assert_eq!(Offset::parse("+01:00"), Ok(Offset(60)));
        assert_eq!(Offset::parse("-0500"), Ok(Offset(-300)));
        assert_eq!(Offset::parse("+5:30"), Ok(Offset(330)));
        assert_eq!(Offset::parse("+9"), Ok(Offset(540)));
        assert_eq!(Offset::parse("utc"), Ok(Offset(0)));
        for wrong in ["01:00", "+15:00", "+01:60", "Europe/Berlin", ""] {
            assert!(Offset::parse(wrong).is_err(), "{wrong}");
        }
        assert_eq!(Offset(-330).to_string(), "UTC-05:30");
    }

    #[test]
    fn a_zone_is_a_whole_quarter_hour_within_the_slack() {
        let hour = 3_600_000;
        assert_eq!(zone_between(hour + 4_000, 0, 10_000), Some(Offset(60)));
        assert_eq!(
            zone_between(-2 * hour - 3_000, 0, 10_000),
            Some(Offset(-120))
        );
        assert_eq!(zone_between(hour + 60_000, 0, 10_000), None);
        assert_eq!(zone_between(15 * hour, 0, 10_000), None);
    }
}
