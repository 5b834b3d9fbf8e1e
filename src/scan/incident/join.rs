//! The joins, strongest first: shared ids by hashing, then records near in time that share
//! an error, an address or a user, by sorted sweeps. Linear in records but for the sorts.

use super::{Clue, ClueEntry, Layer};
use std::collections::{BTreeSet, HashMap};

/// How far apart the app's and the server's records of one server error may be.
const ERROR_WINDOW: i64 = 10_000;
/// How long before a server refusal the Entra sign-in that got the token may be.
const TOKEN_BEFORE_REFUSAL: i64 = 120_000;
/// Clock skew allowed the other way (the server's clock a little behind Entra's).
const SKEW: i64 = 10_000;
/// How far an Entra sign-in and another layer's record of the same user may be apart.
const USER_WINDOW: i64 = 120_000;
/// How near in time a record that shares nothing must be to the one attempt it joins.
const TIME_ALONE_WINDOW: i64 = 15_000;

/// What joined two records, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JoinKey {
    CorrelationId,
    RequestId,
    MattermostRequestId,
    ServerError,
    Address,
    User,
    TimeAlone,
}

impl JoinKey {
    pub fn describe(self) -> &'static str {
        match self {
            JoinKey::CorrelationId => "correlation id",
            JoinKey::RequestId => "Entra request id (trace id)",
            JoinKey::MattermostRequestId => "Mattermost request_id",
            JoinKey::ServerError => "the same server error on the app and the server within 10 s",
            JoinKey::Address => "client address and time (the sign-in, then the server's answer)",
            JoinKey::User => "user and time",
            JoinKey::TimeAlone => {
                "time alone (nothing else shared; the only attempt within 15 s, so check it)"
            }
        }
    }
}

/// Records joined into one attempt, and what joined them.
#[derive(Debug)]
pub struct Group {
    pub members: Vec<usize>,
    pub keys: BTreeSet<JoinKey>,
}

struct Sets {
    parent: Vec<usize>,
    joins: Vec<(usize, JoinKey)>,
}

impl Sets {
    fn find(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    fn union(&mut self, a: usize, b: usize, key: JoinKey) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b] = a;
        }
        self.joins.push((a, key));
    }
}

/// Joins `clues` (with their UTC `times`) into groups; a record that joins nothing is a
/// group of its own.
pub fn join(clues: &[Clue], times: &[Option<i64>]) -> Vec<Group> {
    let mut sets = Sets {
        parent: (0..clues.len()).collect(),
        joins: Vec::new(),
    };
    join_by_ids(clues, &mut sets);
    join_near_sign_ins(clues, times, &mut sets);
    join_server_errors(clues, times, &mut sets);
    join_by_time_alone(clues, times, &mut sets);
    // By root: every group's root is one of its members, so a list indexed by record serves.
    let mut groups: Vec<Option<Group>> = (0..clues.len()).map(|_| None).collect();
    for member in 0..clues.len() {
        let root = sets.find(member);
        groups[root]
            .get_or_insert_with(|| Group {
                members: Vec::new(),
                keys: BTreeSet::new(),
            })
            .members
            .push(member);
    }
    for (at, key) in std::mem::take(&mut sets.joins) {
        let root = sets.find(at);
        if let Some(group) = &mut groups[root] {
            group.keys.insert(key);
        }
    }
    let mut groups: Vec<Group> = groups.into_iter().flatten().collect();
    groups.sort_by_key(|group| group.members[0]);
    groups
}

/// Records that carry the same id.
fn join_by_ids(clues: &[Clue], sets: &mut Sets) {
    let mut first: HashMap<(JoinKey, &str), usize> = HashMap::new();
    for (i, clue) in clues.iter().enumerate() {
        let keys = &clue.keys;
        let tagged = [
            (JoinKey::CorrelationId, &keys.correlation_ids),
            (JoinKey::RequestId, &keys.trace_ids),
            (JoinKey::MattermostRequestId, &keys.mattermost_request_ids),
        ];
        for (key, ids) in tagged {
            for id in ids {
                match first.get(&(key, id.as_str())) {
                    Some(&earlier) => sets.union(earlier, i, key),
                    None => {
                        first.insert((key, id.as_str()), i);
                    }
                }
            }
        }
    }
}

/// Records of one layer, by a key, sorted by time.
fn timed_index<'a, K: std::hash::Hash + Eq>(
    clues: &'a [Clue],
    times: &[Option<i64>],
    wanted: impl Fn(&'a Clue) -> Option<K>,
) -> HashMap<K, Vec<(i64, usize)>> {
    let mut index: HashMap<K, Vec<(i64, usize)>> = HashMap::new();
    for (i, clue) in clues.iter().enumerate() {
        if let (Some(key), Some(at)) = (wanted(clue), times[i]) {
            index.entry(key).or_default().push((at, i));
        }
    }
    for list in index.values_mut() {
        list.sort_unstable();
    }
    index
}

/// The records of `list` (sorted by time) from `from` to `to`, both included.
fn within(list: &[(i64, usize)], from: i64, to: i64) -> &[(i64, usize)] {
    let start = list.partition_point(|&(at, _)| at < from);
    let end = list.partition_point(|&(at, _)| at <= to);
    &list[start..end.max(start)]
}

/// The candidate nearest to `at`, unless another one is as near and `apart` from it (then
/// the record could be either's, and joining would be a guess).
fn nearest_clear(
    candidates: &[(i64, usize)],
    at: i64,
    apart: impl Fn(usize, usize) -> bool,
) -> Option<usize> {
    let (best_at, best) = *candidates
        .iter()
        .min_by_key(|(when, _)| (when - at).abs())?;
    let distance = (best_at - at).abs();
    let rival = candidates
        .iter()
        .any(|&(when, other)| apart(best, other) && (when - at).abs() - distance < 1_000);
    (!rival).then_some(best)
}

fn entry_of(clue: &Clue) -> Option<usize> {
    match clue.entry {
        ClueEntry::Exact(entry) | ClueEntry::Likely(entry) => Some(entry),
        ClueEntry::Unrecognised(_) => None,
    }
}

fn lower(user: &str) -> String {
    user.to_lowercase()
}

/// The users each attempt names so far, by its root.
fn users_by_attempt(clues: &[Clue], sets: &mut Sets) -> HashMap<usize, BTreeSet<String>> {
    let mut users: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (i, clue) in clues.iter().enumerate() {
        if let Some(user) = &clue.user {
            users.entry(sets.find(i)).or_default().insert(lower(user));
        }
    }
    users
}

/// The one user whose attempts a device's log holds, told by the records of it already
/// joined (by id) to sign-ins that name a user: a phone's log is its owner's.
fn device_owners(
    clues: &[Clue],
    sets: &mut Sets,
    users: &HashMap<usize, BTreeSet<String>>,
) -> HashMap<usize, String> {
    let mut seen: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (i, clue) in clues.iter().enumerate() {
        if matches!(clue.layer, Layer::Mobile | Layer::Sdk) {
            if let Some(named) = users.get(&sets.find(i)) {
                seen.entry(clue.file)
                    .or_default()
                    .extend(named.iter().cloned());
            }
        }
    }
    seen.into_iter()
        .filter_map(|(file, named)| match named.len() {
            1 => named.into_iter().next().map(|user| (file, user)),
            _ => None,
        })
        .collect()
}

/// The app's record of a server error and the server's own, seconds apart. Where the app's
/// log is known to be one user's, only that user's attempts (or unnamed ones) are candidates.
fn join_server_errors(clues: &[Clue], times: &[Option<i64>], sets: &mut Sets) {
    let server = timed_index(clues, times, |clue| {
        (clue.layer == Layer::Server && !clue.worked)
            .then(|| entry_of(clue))
            .flatten()
    });
    let users = users_by_attempt(clues, sets);
    let owners = device_owners(clues, sets, &users);
    for (i, clue) in clues.iter().enumerate() {
        let (Layer::Mobile, Some(entry), Some(at)) = (clue.layer, entry_of(clue), times[i]) else {
            continue;
        };
        let Some(list) = server.get(&entry) else {
            continue;
        };
        let candidates: Vec<(i64, usize)> = within(list, at - ERROR_WINDOW, at + ERROR_WINDOW)
            .iter()
            .copied()
            .filter(|&(_, candidate)| {
                let named = users.get(&sets.find(candidate));
                match (owners.get(&clue.file), named) {
                    (Some(owner), Some(named)) => named.contains(owner),
                    _ => true,
                }
            })
            .collect();
        let apart = |a: usize, b: usize| clues[a].address != clues[b].address;
        if let Some(server_record) = nearest_clear(&candidates, at, apart) {
            sets.union(server_record, i, JoinKey::ServerError);
        }
    }
}

/// A server refusal from the address an Entra sign-in came from just before, and another
/// layer's record of the user an Entra sign-in names.
fn join_near_sign_ins(clues: &[Clue], times: &[Option<i64>], sets: &mut Sets) {
    let is_sign_in = |clue: &Clue| clue.layer == Layer::Entra;
    let by_address = timed_index(clues, times, |clue| {
        is_sign_in(clue)
            .then_some(clue.address.as_deref())
            .flatten()
    });
    let by_user = timed_index(clues, times, |clue| {
        is_sign_in(clue)
            .then(|| clue.user.as_deref().map(lower))
            .flatten()
    });
    let other_user = |a: usize, b: usize| {
        let user = |i: usize| clues[i].user.as_deref().map(lower);
        user(a) != user(b)
    };
    for (i, clue) in clues.iter().enumerate() {
        let Some(at) = times[i] else {
            continue;
        };
        if clue.layer == Layer::Server {
            let list = clue.address.as_deref().and_then(|a| by_address.get(a));
            let candidates = list.map_or(&[][..], |list| {
                within(list, at - TOKEN_BEFORE_REFUSAL, at + SKEW)
            });
            if let Some(sign_in) = nearest_clear(candidates, at, other_user) {
                sets.union(sign_in, i, JoinKey::Address);
            }
        }
        if clue.layer != Layer::Entra {
            let list = clue
                .user
                .as_ref()
                .and_then(|user| by_user.get(&lower(user)));
            let candidates = list.map_or(&[][..], |list| {
                within(list, at - USER_WINDOW, at + USER_WINDOW)
            });
            if let Some(sign_in) = nearest_clear(candidates, at, |_, _| false) {
                sets.union(sign_in, i, JoinKey::User);
            }
        }
    }
}

/// An app, SDK or server record that shares nothing with any other (a server behind a proxy
/// logs the proxy's address) joins the one attempt of another layer near it in time, if there
/// is exactly one; with two or more it stays alone.
fn join_by_time_alone(clues: &[Clue], times: &[Option<i64>], sets: &mut Sets) {
    let roots: Vec<usize> = (0..clues.len()).map(|i| sets.find(i)).collect();
    let mut sizes = vec![0usize; clues.len()];
    for &root in &roots {
        sizes[root] += 1;
    }
    let mut timed: Vec<(i64, usize)> = (0..clues.len())
        .filter_map(|i| times[i].map(|at| (at, i)))
        .collect();
    timed.sort_unstable();
    let lonely: Vec<usize> = (0..clues.len())
        .filter(|&i| clues[i].layer != Layer::Entra && sizes[roots[i]] == 1)
        .collect();
    // Each lonely record's one attempt of another layer near it, judged before any joins.
    let mut choices: HashMap<usize, usize> = HashMap::new();
    let mut claims: HashMap<(usize, Layer), usize> = HashMap::new();
    for &i in &lonely {
        let Some(at) = times[i] else {
            continue;
        };
        let near: BTreeSet<usize> = within(&timed, at - TIME_ALONE_WINDOW, at + TIME_ALONE_WINDOW)
            .iter()
            .filter(|&&(_, other)| other != i && clues[other].layer != clues[i].layer)
            .map(|&(_, other)| roots[other])
            .collect();
        if let [attempt] = near.into_iter().collect::<Vec<_>>()[..] {
            choices.insert(i, attempt);
            *claims.entry((attempt, clues[i].layer)).or_default() += 1;
        }
    }
    let mut chosen: Vec<(usize, usize)> = choices.iter().map(|(&i, &a)| (i, a)).collect();
    chosen.sort_unstable();
    for (i, attempt) in chosen {
        // Two records of one layer claiming one attempt could be either's; and a lonely
        // attempt must choose this record back.
        let contested = claims[&(attempt, clues[i].layer)] > 1;
        let one_sided = sizes[attempt] == 1
            && clues[attempt].layer != Layer::Entra
            && choices.get(&attempt) != Some(&roots[i]);
        if !contested && !one_sided {
            sets.union(attempt, i, JoinKey::TimeAlone);
        }
    }
}
