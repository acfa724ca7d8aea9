//! A second thread for the parts of a render that can run beside the main thread: compiling the
//! template while the context is built, cutting and compressing font programs while printpdf builds
//! the PDF objects, freeing large values that the main thread is done with.
//!
//! One thread, started early and parked on a queue, rather than a thread spawned per job: on the
//! build machine the scheduler starts a newly spawned thread on its parent's core, where it waits
//! until the parent blocks (measured: a 2.6 ms job beside 2.6 ms of main-thread work finished at
//! 5.2 ms in 3 runs of 5), while a parked thread woken by the queue started on the idle core within
//! 0.1 ms in 6 runs of 6.

use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

fn queue() -> &'static Mutex<mpsc::Sender<Job>> {
    static QUEUE: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("tenkai-helper".into())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })
            .expect("cannot start tenkai's helper thread");
        Mutex::new(tx)
    })
}

/// Starts the helper thread if it is not running yet. Call it a little before the first job (before
/// some I/O, say), so that the thread is parked and ready when work arrives.
pub fn start() {
    queue();
}

/// A job's result, to be waited for.
pub struct Pending<T>(mpsc::Receiver<std::thread::Result<T>>);

impl<T> Pending<T> {
    /// Waits for the job; a panic in the job resumes here.
    pub fn wait(self) -> T {
        match self.0.recv() {
            Ok(Ok(v)) => v,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => panic!("tenkai's helper thread stopped"),
        }
    }
}

/// Runs a job on the helper thread (after the jobs queued before it). A job must not wait for
/// another job: there is one helper, and the other job would be queued behind it.
pub fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
    let (tx, rx) = mpsc::channel();
    let wrapped: Job = Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        let _ = tx.send(result);
    });
    let sent = queue()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send(wrapped);
    if let Err(mpsc::SendError(job)) = sent {
        // The helper is gone (it cannot be, as jobs catch their panics); run the job here.
        job();
    }
    Pending(rx)
}

/// Frees a large value (a document, a layout: many thousands of allocations) on the helper thread,
/// so that the main thread goes on (or exits) without waiting for it.
pub fn drop_later<T: Send + 'static>(value: T) {
    let job: Job = Box::new(move || drop(value));
    let sent = queue().lock().unwrap_or_else(|p| p.into_inner()).send(job);
    if let Err(mpsc::SendError(job)) = sent {
        job();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn jobs_run_in_order_and_return_their_results() {
        super::start();
        let a = super::run(|| 2 + 2);
        let b = super::run(|| "二".repeat(2));
        assert_eq!(b.wait(), "二二");
        assert_eq!(a.wait(), 4);
    }

    #[test]
    fn a_panicking_job_panics_where_it_is_waited_for_and_the_helper_goes_on() {
        let bad = super::run(|| -> u8 { panic!("boom") });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bad.wait()));
        assert!(caught.is_err());
        assert_eq!(super::run(|| 7).wait(), 7);
    }
}
