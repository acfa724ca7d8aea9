//! What `schedule run` says as it goes and when it ends.

use super::super::Ctx;
use std::sync::atomic::{AtomicBool, Ordering};
use tenkai::schedule::{self, Outcome};

/// A run's progress: a bar on a terminal, a line per export otherwise.
pub(super) struct Progress {
    /// A trial (`--dry-run`): its files are written, not exported.
    pub(super) dry_run: bool,
    pub(super) tty: bool,
    pub(super) bar: std::cell::RefCell<Option<indicatif::ProgressBar>>,
}

impl Progress {
    pub(super) fn show(
        &self,
        ctx: &Ctx,
        (i, total): (usize, usize),
        job: &schedule::Job,
        outcome: &Outcome,
    ) {
        if !self.tty {
            match outcome {
                Outcome::Exported(x) => ctx.say(format!(
                    "[{i}/{total}] {} {job} -> {}",
                    if self.dry_run {
                        "written as a trial"
                    } else {
                        "exported"
                    },
                    x.path.display()
                )),
                Outcome::Failed(e) => eprintln!("[{i}/{total}] failed: {job}: {e}"),
                Outcome::Waiting(_) | Outcome::Unwritten(_) => {}
            }
            return;
        }
        let mut b = self.bar.borrow_mut();
        let pb = b.get_or_insert_with(|| {
            let pb = indicatif::ProgressBar::new(total as u64);
            pb.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb
        });
        pb.set_position(i as u64);
        pb.set_message(job.to_string());
        if let Outcome::Failed(e) = outcome {
            pb.println(format!("failed: {job}: {e}"));
        }
    }

    pub(super) fn finish(&self) {
        if let Some(pb) = self.bar.borrow_mut().take() {
            pb.finish_and_clear();
        }
    }
}

/// Says what waits and what failed, and the counts; gives how many failed.
pub(super) fn say_results(
    ctx: &Ctx,
    results: &[schedule::JobOutcome],
    broken: &[tenkai::report::Broken],
    (stop, dry_run): (&AtomicBool, bool),
) -> usize {
    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|(_, o)| f(o)).count();
    let exported = count(|o| matches!(o, Outcome::Exported(_)));
    let failed = count(|o| matches!(o, Outcome::Failed(_)));
    for (j, o) in results {
        match o {
            Outcome::Waiting(t) => ctx.say(format!(
                "waiting: {j} failed before; next retry after {}",
                tenkai::dates::ts(*t)
            )),
            Outcome::Unwritten(sections) => ctx.say(format!(
                "waiting for its narrative: {j}: {} not written; set it with `tenkai narrative set --period {} --section {} --lang {}` and the next run exports it",
                sections.join(", "),
                j.period,
                sections[0],
                j.lang
            )),
            _ => {}
        }
    }
    for b in broken {
        eprintln!(
            "failed: report {} cannot be exported, the others were: {}",
            b.name, b.error
        );
    }
    if stop.load(Ordering::SeqCst) {
        ctx.say("stopped between files as asked");
    }
    let failed = failed + broken.len();
    if dry_run {
        ctx.say(format!(
            "{exported} written as a trial (nothing exported or logged), {failed} failed"
        ));
    } else {
        ctx.say(format!("{exported} exported, {failed} failed"));
    }
    failed
}
