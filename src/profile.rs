//! Where the time goes: with `TENKAI_PROFILE=1`, each phase of a render prints its duration to
//! stderr. Costs nothing otherwise.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TENKAI_PROFILE").is_some())
}

/// A stopwatch for the phases of one piece of work.
pub struct Phases {
    last: Option<Instant>,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            last: enabled().then(Instant::now),
        }
    }
    /// Prints the time since the previous phase.
    pub fn done(&mut self, phase: &str) {
        if let Some(t) = self.last {
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .map(|l| l[6..].trim().to_string())
                })
                .unwrap_or_default();
            eprintln!(
                "profile: {phase:<12} {:8.2} ms  rss {rss}",
                t.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Some(Instant::now());
        }
    }
}
