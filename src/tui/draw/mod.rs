//! Drawing: pure functions from the app state to a frame, one module per screen region.

mod bar;
mod browse;
mod entry;
mod findings;
mod incidents;
mod overlay;
mod search;
pub(super) mod widgets;

pub use widgets::HIGHLIGHT_SYMBOL;

use super::app::{App, Screen};
use super::theme;
use ratatui::Frame;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let regions = app.regions_for(area);
    match app.screen() {
        Screen::Search => search::draw(app, frame, &regions),
        Screen::Browse => browse::draw(app, frame, &regions),
        Screen::Entry => entry::draw(app, frame, &regions),
        Screen::Findings => findings::draw(app, frame, &regions),
    }
    bar::draw_status(app, frame, regions.status);
    bar::draw_hints(app, frame, regions.hints);
    if let Some(overlay) = app.overlay() {
        overlay::draw(app, overlay, frame, area);
    }
    theme::apply(app.theme(), frame.buffer_mut());
}
