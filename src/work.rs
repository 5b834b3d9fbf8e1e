//! Work spread over all cores: items numbered 0..n, each worker takes the next free one, and
//! the results come back in number order as soon as each is next in line.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
}
