//! A second thread for the parts of a render that can run beside the main thread: faulting in the
//! heap before the main thread needs it, compiling the template while the context is built,
//! cutting and compressing font programs while printpdf builds the PDF objects, freeing large
//! values that the main thread is done with.
//!
//! One thread, started early on the other core and waiting on a queue, rather than a thread
//! spawned per job: on the build machine the scheduler starts a newly spawned thread on its
//! parent's core, where it waits until the parent blocks (measured: a 2.6 ms job beside 2.6 ms of
//! main-thread work finished at 5.2 ms in 3 runs of 5). The two threads ask for each other's
//! messages for a while before they sleep ([`POLL`]): a sleeping thread woken on an idle core of
//! this virtual machine often started milliseconds late.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

type Job = Box<dyn FnOnce() + Send>;

/// Jobs queued and not started yet.
static WAITING: AtomicUsize = AtomicUsize::new(0);

fn queue() -> &'static Mutex<mpsc::Sender<Job>> {
    static QUEUE: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let cpus = cpus::Placement::here();
        let thread = std::thread::Builder::new()
            .name("tenkai-helper".into())
            .spawn(move || {
                let mut jobs = std::iter::from_fn(|| poll(&rx)).inspect(|_| {
                    WAITING.fetch_sub(1, Ordering::AcqRel);
                });
                if let Some(first) = jobs.next() {
                    cpus.release();
                    first();
                }
                for job in jobs {
                    job();
                }
            })
            .expect("cannot start tenkai's helper thread");
        cpus.keep_off_this_cpu(&thread);
        Mutex::new(tx)
    })
}

/// How long a thread waiting for the other (the helper for a job, the main thread for a result)
/// keeps asking before it sleeps. On the build machine, a virtual machine, a thread woken on an
/// idle core often started late: 0.3–2.1 ms in `perf sched timehist`, with the core idle all
/// the while (the host had to run the virtual core again). A render's jobs and results come a few
/// milliseconds apart, so the thread asks (yielding the core to anything else runnable) for a
/// while before it sleeps, and keeps its core awake meanwhile.
const POLL: Duration = Duration::from_millis(10);

/// The next message on a channel between the two threads: asked for until [`POLL`] has passed,
/// then waited for. `None` when the sender is gone.
pub fn poll<T>(rx: &mpsc::Receiver<T>) -> Option<T> {
    let until = Instant::now() + POLL;
    loop {
        match rx.try_recv() {
            Ok(m) => return Some(m),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) if Instant::now() < until => std::thread::yield_now(),
            Err(mpsc::TryRecvError::Empty) => return rx.recv().ok(),
        }
    }
}

/// Starts the helper thread if it is not running yet. Call it a little before the first job (before
/// some I/O, say), so that the thread is parked and ready when work arrives.
pub fn start() {
    queue();
}

/// Whether jobs are queued behind the one running: a job that only gets ahead of later needs (the
/// heap's faulting-in) stops when one is.
pub fn jobs_waiting() -> bool {
    WAITING.load(Ordering::Acquire) > 0
}

/// Queues a job; runs it here if the helper is gone (it cannot be, as jobs catch their panics).
fn send(job: Job) {
    WAITING.fetch_add(1, Ordering::AcqRel);
    let sent = queue().lock().unwrap_or_else(|p| p.into_inner()).send(job);
    if let Err(mpsc::SendError(job)) = sent {
        WAITING.fetch_sub(1, Ordering::AcqRel);
        job();
    }
}

/// A job's result, to be waited for.
pub struct Pending<T>(mpsc::Receiver<std::thread::Result<T>>);

impl<T> Pending<T> {
    /// Waits for the job; a panic in the job resumes here.
    pub fn wait(self) -> T {
        match poll(&self.0) {
            Some(Ok(v)) => v,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => panic!("tenkai's helper thread stopped"),
        }
    }
}

/// Runs a job on the helper thread (after the jobs queued before it). A job must not wait for
/// another job: there is one helper, and the other job would be queued behind it.
pub fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
    let (tx, rx) = mpsc::channel();
    send(Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        let _ = tx.send(result);
    }));
    Pending(rx)
}

/// Frees a large value (a document, a layout: many thousands of allocations) on the helper thread,
/// so that the main thread goes on (or exits) without waiting for it.
pub fn drop_later<T: Send + 'static>(value: T) {
    send(Box::new(move || drop(value)));
}

/// Where the helper starts. The scheduler here puts a new thread on its parent's core, and it
/// waits there until the parent blocks: the first job of a PDF render's helper started 0.15–3.5 ms
/// after it was queued (2 runs of 6 over 2.5 ms), on the main thread's core. So the helper is
/// spawned allowed only on the other cores (its first job then started after 20–80 µs, 6 runs of
/// 6), and is allowed everywhere again once that job starts: by then it runs elsewhere, and the
/// scheduler leaves a busy thread where it is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod cpus {
    use std::os::unix::thread::JoinHandleExt;

    #[derive(Clone, Copy)]
    pub struct Placement {
        /// The cores the process may use.
        allowed: libc::cpu_set_t,
        /// The core the spawning thread runs on, if another one is allowed.
        here: Option<usize>,
    }

    impl Placement {
        pub fn here() -> Placement {
            // SAFETY: a zeroed cpu_set_t is an empty set; the calls only read or fill it.
            unsafe {
                let mut allowed: libc::cpu_set_t = std::mem::zeroed();
                let size = std::mem::size_of::<libc::cpu_set_t>();
                let ok = libc::sched_getaffinity(0, size, &mut allowed) == 0;
                let cpu = libc::sched_getcpu();
                let here = (ok && cpu >= 0 && libc::CPU_COUNT(&allowed) > 1)
                    .then_some(cpu as usize)
                    .filter(|&c| libc::CPU_ISSET(c, &allowed));
                Placement { allowed, here }
            }
        }

        pub fn keep_off_this_cpu(&self, thread: &std::thread::JoinHandle<()>) {
            let Some(here) = self.here else { return };
            let mut others = self.allowed;
            // SAFETY: `others` is a valid set and the thread is alive (it only ends with the
            // process). A failure leaves the thread where the scheduler put it.
            unsafe {
                libc::CPU_CLR(here, &mut others);
                libc::pthread_setaffinity_np(
                    thread.as_pthread_t(),
                    std::mem::size_of::<libc::cpu_set_t>(),
                    &others,
                );
            }
        }

        /// Called on the helper: every allowed core again.
        pub fn release(&self) {
            if self.here.is_some() {
                // SAFETY: sets this thread's affinity to the process's own set.
                unsafe {
                    libc::sched_setaffinity(
                        0,
                        std::mem::size_of::<libc::cpu_set_t>(),
                        &self.allowed,
                    );
                }
            }
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod cpus {
    #[derive(Clone, Copy)]
    pub struct Placement;
    impl Placement {
        pub fn here() -> Placement {
            Placement
        }
        pub fn keep_off_this_cpu(&self, _: &std::thread::JoinHandle<()>) {}
        pub fn release(&self) {}
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

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn the_helper_may_run_on_every_core_once_working() {
        fn allowed() -> Vec<usize> {
            // SAFETY: fills a zeroed set with this thread's affinity.
            unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set);
                (0..libc::CPU_SETSIZE as usize)
                    .filter(|&c| libc::CPU_ISSET(c, &set))
                    .collect()
            }
        }
        assert_eq!(super::run(allowed).wait(), allowed());
    }

    #[test]
    fn a_job_sees_that_another_waits_behind_it() {
        let (go, wait_for_go) = std::sync::mpsc::channel::<()>();
        let first = super::run(move || {
            wait_for_go.recv().unwrap();
            super::jobs_waiting()
        });
        let second = super::run(|| "次");
        go.send(()).unwrap();
        assert!(first.wait());
        assert_eq!(second.wait(), "次");
    }

    #[test]
    fn a_message_later_than_the_polling_still_arrives_and_a_gone_sender_ends_the_wait() {
        let (tx, rx) = std::sync::mpsc::channel();
        let late = std::thread::spawn(move || {
            std::thread::sleep(super::POLL * 3);
            tx.send("遅").unwrap();
        });
        assert_eq!(super::poll(&rx), Some("遅"));
        late.join().unwrap();
        assert_eq!(super::poll(&rx), None);
    }

    #[test]
    fn a_panicking_job_panics_where_it_is_waited_for_and_the_helper_goes_on() {
        let bad = super::run(|| -> u8 { panic!("boom") });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bad.wait()));
        assert!(caught.is_err());
        assert_eq!(super::run(|| 7).wait(), 7);
    }
}
