//! Work spread over all cores: items numbered 0..n (or produced one after another), each
//! worker takes the next free one, and the results come back in order as soon as each is next
//! in line.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Runs `work` for every number below `count` on all cores and hands each result to
/// `receive` in number order. A slow item holds back only the results after it, never a core.
pub(crate) fn in_order_on_all_cores<R: Send>(
    count: usize,
    work: impl Fn(usize) -> R + Sync,
    mut receive: impl FnMut(R),
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || count < 2 {
        (0..count).map(&work).for_each(receive);
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, results) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(count) {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let number = next.fetch_add(1, Ordering::Relaxed);
                if number >= count || sender.send((number, work(number))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut next_in_line = 0;
        for (number, result) in results {
            waiting.insert(number, result);
            while let Some(result) = waiting.remove(&next_in_line) {
                receive(result);
                next_in_line += 1;
            }
        }
    });
}

/// Items given to the workers per core before the oldest result must be taken: enough to
/// keep every core busy, few enough that memory stays flat whatever the input's length.
const IN_FLIGHT_PER_CORE: usize = 2;

/// Runs `work` on all cores for each item `produce` gives until it gives `None`, and hands
/// each result to `receive` in the order the items came. `produce` and `receive` run on the
/// calling thread, so they may hold what cannot cross threads (a reader, a callback). At most
/// a few items per core are in flight at once. A single item is worked on in place.
pub(crate) fn in_order_streamed<T: Send, R: Send>(
    mut produce: impl FnMut() -> Option<T>,
    work: impl Fn(T) -> R + Sync,
    mut receive: impl FnMut(R),
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Some(first) = produce() else { return };
    let second = match produce() {
        Some(second) if threads > 1 => second,
        other => {
            receive(work(first));
            if let Some(second) = other {
                receive(work(second));
            }
            while let Some(item) = produce() {
                receive(work(item));
            }
            return;
        }
    };
    let window = threads * IN_FLIGHT_PER_CORE;
    let (jobs, queue) = mpsc::sync_channel::<(usize, T)>(window);
    let queue = Mutex::new(queue);
    let (sender, results) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (queue, work) = (&queue, &work);
            scope.spawn(move || loop {
                // The lock is held only to take a job, not while working on it.
                let job = queue
                    .lock()
                    .map_err(drop)
                    .and_then(|q| q.recv().map_err(drop));
                let Ok((number, item)) = job else { break };
                if sender.send((number, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut next_in_line = 0;
        let mut given = 0;
        // Takes one finished result and passes on every result now next in line.
        let mut take_one = |waiting: &mut BTreeMap<usize, R>, next_in_line: &mut usize| {
            let Ok((number, result)) = results.recv() else {
                return false;
            };
            waiting.insert(number, result);
            while let Some(result) = waiting.remove(next_in_line) {
                receive(result);
                *next_in_line += 1;
            }
            true
        };
        let mut items = [first, second]
            .into_iter()
            .map(Some)
            .chain(std::iter::from_fn(|| Some(produce())));
        while let Some(Some(item)) = items.next() {
            while given - next_in_line >= window {
                if !take_one(&mut waiting, &mut next_in_line) {
                    break;
                }
            }
            if jobs.send((given, item)).is_err() {
                break;
            }
            given += 1;
        }
        drop(jobs);
        while next_in_line < given && take_one(&mut waiting, &mut next_in_line) {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_number_order_whatever_order_they_finish_in() {
        let mut received = Vec::new();
        in_order_on_all_cores(
            50,
            |n| {
                // Early numbers finish last.
                std::thread::sleep(std::time::Duration::from_micros(((50 - n) * 40) as u64));
                n * 10
            },
            |result| received.push(result),
        );
        assert_eq!(received, (0..50).map(|n| n * 10).collect::<Vec<_>>());
    }

    #[test]
    fn streamed_results_come_in_order_with_few_items_outstanding() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        for count in [0, 1, 2, 3, 200] {
            let produced = std::cell::Cell::new(0);
            let most_outstanding = std::cell::Cell::new(0);
            let mut received = Vec::new();
            in_order_streamed(
                || {
                    let n = produced.get();
                    (n < count).then(|| {
                        produced.set(n + 1);
                        n
                    })
                },
                |n| {
                    // Early items in each run of seven finish last.
                    std::thread::sleep(std::time::Duration::from_micros(((7 - n % 7) * 30) as u64));
                    n * 10
                },
                |result| {
                    received.push(result);
                    let outstanding = produced.get() - received.len();
                    most_outstanding.set(most_outstanding.get().max(outstanding));
                },
            );
            assert_eq!(received, (0..count).map(|n| n * 10).collect::<Vec<_>>());
            // Memory stays flat: however many items there are, few wait at once.
            assert!(most_outstanding.get() <= cores * IN_FLIGHT_PER_CORE + 1);
        }
    }
}
