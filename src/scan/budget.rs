//! How much one input may unpack. An archive bomb is small on disk and huge unpacked (42.zip
//! nests zips five deep; a member can unpack at 1,000:1), so each input gets a budget of
//! unpacked bytes and members, and a member that unpacks far beyond what logs compress to
//! ends the input at once.

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// The least any input may unpack.
const SMALLEST_BUDGET: u64 = 2 << 30;
/// Beyond the least, an input may unpack this many times its size (logs compress ~10-20:1).
const BUDGET_PER_BYTE: u64 = 32;
/// Members (across every archive nested in one input) that are opened at most.
const MOST_MEMBERS: u64 = 100_000;
/// Logs do not compress beyond this; a bomb's payload (one byte repeated) does.
const MOST_RATIO: u64 = 500;
/// A member is judged by its ratio once it has unpacked this much.
const RATIO_FLOOR: u64 = 64 << 20;

/// What is left of one input's budget, and why it ran out if it did.
#[derive(Debug)]
pub struct Budget {
    bytes_left: u64,
    total: u64,
    members_left: u64,
    exhausted: Option<String>,
}

impl Budget {
    /// The budget of an input of `size` bytes on disk (`None`: a stream of unknown size).
    pub fn for_input(size: Option<u64>) -> Rc<RefCell<Budget>> {
        let total = SMALLEST_BUDGET.max(size.unwrap_or(0).saturating_mul(BUDGET_PER_BYTE));
        Rc::new(RefCell::new(Budget {
            bytes_left: total,
            total,
            members_left: MOST_MEMBERS,
            exhausted: None,
        }))
    }

    /// Counts one archive member; `false` once the budget is spent.
    pub fn take_member(&mut self) -> bool {
        if self.exhausted.is_some() {
            return false;
        }
        if self.members_left == 0 {
            self.stop(format!(
                "more than {MOST_MEMBERS} archive members; the rest were not opened (a zip bomb?)"
            ));
            return false;
        }
        self.members_left -= 1;
        true
    }

    /// Why the budget ran out, if it did.
    pub fn exhausted(&self) -> Option<String> {
        self.exhausted.clone()
    }

    /// Spends the budget: nothing more of the input is read, for the reason given.
    pub fn stop(&mut self, why: String) {
        self.exhausted.get_or_insert(why);
    }
}

/// Where a member's compressed size comes from, to judge its ratio.
#[derive(Debug, Clone)]
enum Compressed {
    /// A zip member's size as its directory gives it.
    Declared(u64),
    /// Bytes a decoder has taken from its source so far.
    Counted(Rc<Cell<u64>>),
    /// Not compressed (a tar member): no ratio to judge.
    Unknown,
}

/// Unpacked bytes, counted against the input's budget: once it is spent, or the member
/// unpacks at more than [`MOST_RATIO`]:1, reading ends as if the member did.
pub struct Budgeted<R> {
    inner: R,
    budget: Rc<RefCell<Budget>>,
    name: String,
    unpacked: u64,
    compressed: Compressed,
}

impl<R: Read> Budgeted<R> {
    pub fn new(inner: R, budget: &Rc<RefCell<Budget>>, name: &str) -> Budgeted<R> {
        Budgeted {
            inner,
            budget: Rc::clone(budget),
            name: name.to_string(),
            unpacked: 0,
            compressed: Compressed::Unknown,
        }
    }

    /// A zip member, whose compressed size is known.
    pub fn compressed(mut self, size: u64) -> Budgeted<R> {
        self.compressed = Compressed::Declared(size);
        self
    }

    /// A decoder whose source counts what it takes in `taken`.
    pub fn counted(mut self, taken: Rc<Cell<u64>>) -> Budgeted<R> {
        self.compressed = Compressed::Counted(taken);
        self
    }

    fn compressed_so_far(&self) -> Option<u64> {
        match &self.compressed {
            Compressed::Declared(size) => Some(*size),
            Compressed::Counted(taken) => Some(taken.get()),
            Compressed::Unknown => None,
        }
    }
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.budget.borrow().exhausted.is_some() {
            return Ok(0);
        }
        let read = self.inner.read(buf)?;
        self.unpacked += read as u64;
        let bomb = self.unpacked > RATIO_FLOOR
            && self
                .compressed_so_far()
                .is_some_and(|compressed| self.unpacked / compressed.max(1) > MOST_RATIO);
        let mut budget = self.budget.borrow_mut();
        if bomb {
            budget.stop(format!(
                "{} unpacks at more than {MOST_RATIO}:1, as no log does (a zip bomb?); \
                 reading stopped there",
                self.name
            ));
            return Ok(0);
        }
        if read as u64 > budget.bytes_left {
            let total = budget.total;
            budget.stop(format!(
                "reading stopped at {} after unpacking {}, the most this input may unpack \
                 (a zip bomb?); what came before was scanned",
                self.name,
                in_words(total)
            ));
            return Ok(0);
        }
        budget.bytes_left -= read as u64;
        Ok(read)
    }
}

/// A compressed source that counts the bytes its decoder takes.
pub struct CountedSource<'a> {
    inner: &'a mut dyn BufRead,
    taken: Rc<Cell<u64>>,
}

impl<'a> CountedSource<'a> {
    pub fn new(inner: &'a mut dyn BufRead) -> CountedSource<'a> {
        CountedSource {
            inner,
            taken: Rc::default(),
        }
    }

    /// What the source has handed over so far, counted on as it is read.
    pub fn taken(&self) -> Rc<Cell<u64>> {
        Rc::clone(&self.taken)
    }
}

impl Read for CountedSource<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.taken.set(self.taken.get() + read as u64);
        Ok(read)
    }
}

impl BufRead for CountedSource<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.taken.set(self.taken.get() + amount as u64);
        self.inner.consume(amount);
    }
}

/// `2 GiB`, `300 MiB`.
fn in_words(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_past_the_ratio_or_the_budget_ends_the_input() {
        let budget = Budget::for_input(Some(1000));
        let zeros = io::repeat(0).take(RATIO_FLOOR * 2);
        let mut member = Budgeted::new(zeros, &budget, "bomb.zip!0.bin").compressed(1000);
        let read = io::copy(&mut member, &mut io::sink()).unwrap();
        assert!(
            read <= RATIO_FLOOR + (64 << 10),
            "stopped near the floor: {read}"
        );
        let why = budget.borrow().exhausted().unwrap();
        assert!(
            why.contains("bomb.zip!0.bin unpacks at more than 500:1"),
            "{why}"
        );
        assert!(!budget.borrow_mut().take_member(), "nothing more is opened");

        let budget = Budget::for_input(None);
        let text = io::repeat(b'a').take(SMALLEST_BUDGET + 1);
        let mut member = Budgeted::new(text, &budget, "big.tar!a.log");
        let read = io::copy(&mut member, &mut io::sink()).unwrap();
        assert!(read <= SMALLEST_BUDGET);
        assert!(budget
            .borrow()
            .exhausted()
            .unwrap()
            .contains("after unpacking 2 GiB"));
    }

    #[test]
    fn members_are_counted() {
        let budget = Budget::for_input(None);
        let mut budget = budget.borrow_mut();
        assert!((0..MOST_MEMBERS).all(|_| budget.take_member()));
        assert!(!budget.take_member());
        assert!(budget
            .exhausted()
            .unwrap()
            .contains("more than 100000 archive members"));
    }
}
