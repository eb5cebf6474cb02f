//! A progress bar for builds and exports that take a while (a PDF build of a
//! large corpus runs for seconds): banks and pages done. It appears only on a
//! terminal, never in CI, with `-q` or when standard error is piped, and only
//! after a second, so that quick runs print nothing but their result.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use qbank::commands::BankDone;

/// How long a run goes on before the bar shows.
const DELAY: Duration = Duration::from_secs(1);

/// Whether standard error may show a progress display: a terminal that can
/// redraw a line (not `TERM=dumb`), outside CI, whose logs would keep every
/// frame.
pub(crate) fn stderr_takes_progress() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("CI").is_none()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    pages: AtomicUsize,
}

impl Progress {
    /// A bar for `banks` banks, if `wanted` and standard error is a terminal
    /// outside CI.
    pub(crate) fn new(banks: usize, wanted: bool) -> Progress {
        let shown = wanted && stderr_takes_progress();
        let bar = shown.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(banks as u64), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed}] {wide_bar} {pos}/{len} banks{msg}",
            )
            .expect("a valid template");
            bar.set_style(style.progress_chars("=> "));
            let later = bar.clone();
            // Detached: the process may end before the delay, and that is fine.
            std::thread::spawn(move || {
                std::thread::sleep(DELAY);
                if !later.is_finished() {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(120));
                }
            });
            bar
        });
        Progress {
            bar,
            pages: AtomicUsize::new(0),
        }
    }

    pub(crate) fn bank_done(&self, done: BankDone) {
        let Some(bar) = &self.bar else { return };
        let pages = self.pages.fetch_add(done.pages, Ordering::Relaxed) + done.pages;
        if pages > 0 {
            bar.set_message(format!(", {pages} pages"));
        }
        bar.inc(1);
    }

    /// Removes the bar, before the run's own messages.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
