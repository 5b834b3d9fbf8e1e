//! Where each region of a screen goes; used by drawing and by mouse clicks alike.

use super::app::Screen;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this width the search screen drops the preview pane.
const PREVIEW_MIN_WIDTH: u16 = 70;
/// Below this width the browse screen shows the entries alone.
const CATEGORIES_MIN_BODY: u16 = 32;
/// Below this many rows for the screen's body, the search box loses its borders.
pub const SHORT_BODY: u16 = 7;
/// The browse categories need this much; narrow terminals give them less.
const CATEGORIES_WIDTH: u16 = 28;

/// The regions of one screen; a region a screen does not have is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regions {
    pub input: Option<Rect>,
    pub results: Option<Rect>,
    pub preview: Option<Rect>,
    pub categories: Option<Rect>,
    pub entries: Option<Rect>,
    pub header: Option<Rect>,
    pub about: Option<Rect>,
    pub steps: Option<Rect>,
    pub related: Option<Rect>,
    pub status: Rect,
    pub hints: Rect,
}

impl Regions {
    /// The inside of the list a click selects in, if the screen has one.
    pub fn clickable_list(&self) -> Option<Rect> {
        self.results.or(self.categories).map(inner)
    }
}

/// The inside of a bordered block.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

pub fn regions(area: Rect, screen: Screen) -> Regions {
    let [body, status, hints] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut regions = Regions {
        status,
        hints,
        ..Regions::default()
    };
    match screen {
        Screen::Search => {
            // A short terminal gets the search box without borders, so a result still shows.
            let input_rows = if body.height < SHORT_BODY { 1 } else { 3 };
            let [input, lists] =
                Layout::vertical([Constraint::Length(input_rows), Constraint::Fill(1)]).areas(body);
            regions.input = Some(input);
            list_and_preview(&mut regions, lists);
        }
        Screen::Findings => list_and_preview(&mut regions, body),
        Screen::Browse => {
            // Too narrow for both: the entries stay (their title names the category).
            let categories_width = if body.width < CATEGORIES_MIN_BODY {
                0
            } else {
                CATEGORIES_WIDTH.min(body.width * 2 / 5)
            };
            let [categories, entries] =
                Layout::horizontal([Constraint::Length(categories_width), Constraint::Fill(1)])
                    .areas(body);
            regions.categories = Some(categories);
            regions.entries = Some(entries);
        }
        Screen::Entry => entry_regions(&mut regions, body, EntryFit::UNKNOWN),
    }
    regions
}

/// How many rows an entry's boxes would fill, borders not counted: the entry screen's
/// layout fits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryFit {
    pub about: u16,
    pub steps: u16,
    pub related: u16,
}

impl EntryFit {
    /// When the content is not known: as much as there is room for.
    pub const UNKNOWN: EntryFit = EntryFit {
        about: u16::MAX / 4,
        steps: u16::MAX / 4,
        related: 4,
    };
}

/// The most rows the related box grows to, borders included.
const RELATED_MOST: u16 = 10;
/// The steps box keeps at least this many rows (borders included) when its steps need them,
/// or three fifths of the room when that is more.
const STEPS_LEAST: u16 = 8;

/// The regions of an entry's screen, sized to what they hold: the steps (what the user is
/// here for) keep enough room; the message and cause (the "what and why") come next; room
/// the steps do not need goes to the related entries, then back to the "what and why".
pub fn entry_regions(regions: &mut Regions, body: Rect, fit: EntryFit) {
    let height = body.height;
    let boxed = |rows: u16| rows.saturating_add(2);
    let related_wanted = if fit.related == 0 {
        0
    } else {
        boxed(fit.related).min(RELATED_MOST)
    };
    let related_room = match height {
        18.. => 6,
        14..=17 => 4,
        _ => 0,
    };
    let header_rows = if height >= 12 { 2 } else { 0 };
    let rest = height - header_rows;
    let mut related = related_room.min(related_wanted).min(rest);
    // The steps keep three fifths of the room, or what they need when that is less.
    let steps_least = boxed(fit.steps)
        .min(STEPS_LEAST.max((rest - related) * 3 / 5))
        .min(rest - related);
    let mut about = if rest >= 8 {
        boxed(fit.about)
            .min(rest - related - steps_least)
            .max(3.min(rest - related))
    } else {
        0
    };
    let mut spare = (rest - related - about).saturating_sub(boxed(fit.steps));
    if height >= 14 {
        let grow = related_wanted.saturating_sub(related).min(spare);
        related += grow;
        spare -= grow;
    }
    if rest >= 8 {
        about += boxed(fit.about).saturating_sub(about).min(spare);
    }
    let [header, about, steps, related] = Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Length(about),
        Constraint::Fill(1),
        Constraint::Length(related),
    ])
    .areas(body);
    regions.header = Some(header);
    regions.about = Some(about);
    regions.steps = Some(steps);
    regions.related = Some(related);
}

/// The regions of an entry's screen fitted to `fit`.
pub fn fitted_entry_regions(area: Rect, fit: EntryFit) -> Regions {
    let mut regions = regions(area, Screen::Entry);
    let body = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    entry_regions(&mut regions, body, fit);
    regions
}

/// A list with a preview beside it, where the terminal is wide enough for both.
fn list_and_preview(regions: &mut Regions, area: Rect) {
    if area.width >= PREVIEW_MIN_WIDTH {
        let [results, preview] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Fill(1)]).areas(area);
        regions.results = Some(results);
        regions.preview = Some(preview);
    } else {
        regions.results = Some(area);
    }
}

/// The first item to show so that `selected` is visible with as many items before it as fit
/// (items are as tall as their wrapped lines); the list fills the rest of the room after it.
pub fn wrapped_offset(heights: &[usize], selected: usize, room: usize) -> usize {
    let mut offset = selected.min(heights.len().saturating_sub(1));
    let mut used = heights.get(offset).copied().unwrap_or(0);
    while offset > 0 && used + heights[offset - 1] <= room {
        offset -= 1;
        used += heights[offset];
    }
    offset
}

/// The first visible row of a list of `len` rows, `height` tall, that shows `selected`.
pub fn list_offset(selected: usize, len: usize, height: u16) -> usize {
    let height = usize::from(height).max(1);
    if selected < height || len <= height {
        0
    } else {
        (selected + 1 - height).min(len - height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selected_row_stays_visible() {
        assert_eq!(list_offset(0, 50, 10), 0);
        assert_eq!(list_offset(9, 50, 10), 0);
        assert_eq!(list_offset(10, 50, 10), 1);
        assert_eq!(list_offset(49, 50, 10), 40);
        assert_eq!(list_offset(1, 2, 0), 1);
    }

    #[test]
    fn tiny_terminals_get_regions_without_panicking() {
        for screen in [
            Screen::Search,
            Screen::Browse,
            Screen::Entry,
            Screen::Findings,
        ] {
            for (w, h) in [(0, 0), (1, 1), (20, 6), (200, 60)] {
                let regions = regions(Rect::new(0, 0, w, h), screen);
                assert!(regions.hints.y <= h);
            }
        }
    }

    #[test]
    fn the_selected_step_shows_with_as_many_before_it_as_fit() {
        assert_eq!(wrapped_offset(&[9, 2, 1, 1], 2, 11), 1);
        assert_eq!(wrapped_offset(&[6, 2, 1, 1], 2, 11), 0);
        assert_eq!(wrapped_offset(&[1, 1, 20], 2, 5), 2);
        assert_eq!(wrapped_offset(&[], 0, 5), 0);
    }
}
