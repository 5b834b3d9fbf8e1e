//! Walking an entry's steps one at a time, recording what each did.

use serde::{Deserialize, Serialize};

/// What came of one remediation step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    Done,
    Skipped,
    DidNotHelp,
}

impl StepOutcome {
    pub fn label(self) -> &'static str {
        match self {
            StepOutcome::Done => "done",
            StepOutcome::Skipped => "skipped",
            StepOutcome::DidNotHelp => "didn't help",
        }
    }
}

/// Progress through a list of steps: which one is current, and the outcome of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walkthrough {
    outcomes: Vec<Option<StepOutcome>>,
    current: usize,
    /// Before each mark or clear: the step it changed, that step's outcome, and the current
    /// step, so that undo can put them back.
    undo: Vec<(usize, Option<StepOutcome>, usize)>,
}

impl Walkthrough {
    pub fn new(steps: usize) -> Walkthrough {
        Walkthrough {
            outcomes: vec![None; steps],
            current: 0,
            undo: Vec::new(),
        }
    }

    /// A walk as it was left: the outcome of each step and the current one (kept in range).
    pub fn resume(outcomes: Vec<Option<StepOutcome>>, current: usize) -> Walkthrough {
        let current = current.min(outcomes.len().saturating_sub(1));
        Walkthrough {
            outcomes,
            current,
            undo: Vec::new(),
        }
    }

    pub fn current(&self) -> usize {
        self.current
    }

    pub fn outcomes(&self) -> &[Option<StepOutcome>] {
        &self.outcomes
    }

    /// Records the outcome of the current step and moves to the next one.
    pub fn mark(&mut self, outcome: StepOutcome) {
        if let Some(slot) = self.outcomes.get_mut(self.current) {
            self.undo.push((self.current, *slot, self.current));
            *slot = Some(outcome);
            self.next();
        }
    }

    /// Forgets the outcome of the current step.
    pub fn clear(&mut self) {
        if let Some(slot) = self.outcomes.get_mut(self.current) {
            self.undo.push((self.current, *slot, self.current));
            *slot = None;
        }
    }

    /// Takes back the last mark or clear: the step's outcome and the current step return to
    /// what they were. Returns whether there was one to take back.
    pub fn undo(&mut self) -> bool {
        let Some((step, outcome, current)) = self.undo.pop() else {
            return false;
        };
        self.outcomes[step] = outcome;
        self.current = current;
        true
    }

    pub fn next(&mut self) {
        if self.current + 1 < self.outcomes.len() {
            self.current += 1;
        }
    }

    pub fn go_to(&mut self, step: usize) {
        if step < self.outcomes.len() {
            self.current = step;
        }
    }

    /// How many steps have an outcome.
    pub fn walked(&self) -> usize {
        self.outcomes.iter().flatten().count()
    }

    pub fn is_started(&self) -> bool {
        self.walked() > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_records_and_advances_but_not_past_the_end() {
        let mut walk = Walkthrough::new(2);
        walk.mark(StepOutcome::Done);
        assert_eq!(walk.current(), 1);
        walk.mark(StepOutcome::DidNotHelp);
        assert_eq!(walk.current(), 1);
        assert_eq!(
            walk.outcomes(),
            [Some(StepOutcome::Done), Some(StepOutcome::DidNotHelp)]
        );
        walk.clear();
        assert_eq!(walk.walked(), 1);
    }

    #[test]
    fn an_entry_without_steps_is_safe() {
        let mut walk = Walkthrough::new(0);
        walk.mark(StepOutcome::Skipped);
        walk.next();
        walk.go_to(3);
        assert_eq!(walk.walked(), 0);
        assert!(!walk.is_started());
    }

    #[test]
    fn undo_takes_back_marks_in_reverse_order() {
        let mut walk = Walkthrough::new(3);
        walk.mark(StepOutcome::Done);
        walk.mark(StepOutcome::DidNotHelp);
        assert_eq!(walk.current(), 2);
        assert!(walk.undo());
        assert_eq!(walk.current(), 1);
        assert_eq!(walk.outcomes(), [Some(StepOutcome::Done), None, None]);
        walk.go_to(0);
        walk.clear();
        assert!(walk.undo());
        assert_eq!(walk.outcomes()[0], Some(StepOutcome::Done));
        assert!(walk.undo());
        assert!(!walk.undo());
        assert_eq!(walk.walked(), 0);
    }
}
