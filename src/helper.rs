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

/// The helper's queue, and where the helper may run.
struct Helper {
    queue: Mutex<mpsc::Sender<Job>>,
    cpus: cpus::Placement,
}

thread_local! {
    /// Set on the helper thread itself, whose own jobs must not move it.
    static ON_HELPER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn helper() -> &'static Helper {
    static HELPER: OnceLock<Helper> = OnceLock::new();
    HELPER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("tenkai-helper".into())
            .spawn(move || {
                ON_HELPER.with(|h| h.set(true));
                while let Some(job) = poll(&rx) {
                    WAITING.fetch_sub(1, Ordering::AcqRel);
                    job();
                }
            })
            .expect("cannot start tenkai's helper thread");
        let cpus = cpus::Placement::new(&thread);
        cpus.keep_off_this_cpu();
        Helper {
            queue: Mutex::new(tx),
            cpus,
        }
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
    helper();
}

/// Whether jobs are queued behind the one running: a job that only gets ahead of later needs (the
/// heap's faulting-in) stops when one is.
pub fn jobs_waiting() -> bool {
    WAITING.load(Ordering::Acquire) > 0
}

/// Queues a job; runs it here if the helper is gone (it cannot be, as jobs catch their panics).
fn send(job: Job) {
    let helper = helper();
    if !ON_HELPER.with(|h| h.get()) {
        helper.cpus.keep_off_this_cpu();
    }
    WAITING.fetch_add(1, Ordering::AcqRel);
    let sent = helper
        .queue
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send(job);
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

/// Where the helper runs: on any allowed core but the one of the thread that last gave it work.
///
/// The scheduler here puts a new thread on its parent's core, where it waits until the parent
/// blocks: the first job of a PDF render's helper started 0.15–3.5 ms after it was queued. And a
/// helper free to run anywhere was woken onto the main thread's core, beside an idle one, in most
/// renders started from a Python script (`perf sched`: 36 of 40; started from a shell, 3 of 40),
/// where it took turns with the main thread for up to the whole render. So the helper is kept off
/// the core that the thread queuing a job runs on: a system call when that core changes, and
/// nothing otherwise. With one allowed core, the helper goes wherever the scheduler puts it.
/// Measured against letting it go anywhere after its first job: a PDF render took 16.2 → 14.7 ms
/// (median of 40 interleaved runs) started from Python, and 15.2 → 14.5 ms from a shell.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod cpus {
    use std::os::unix::thread::JoinHandleExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();

    pub struct Placement {
        /// The cores the process may use (those of the thread that started the helper).
        allowed: libc::cpu_set_t,
        helper: libc::pthread_t,
        /// The core the helper is kept off, `usize::MAX` before the first job.
        off: AtomicUsize,
    }

    impl Placement {
        pub fn new(helper: &std::thread::JoinHandle<()>) -> Placement {
            // SAFETY: a zeroed cpu_set_t is an empty set, which the call fills; on failure it
            // stays empty and the helper is never moved.
            let allowed = unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::sched_getaffinity(0, SIZE, &mut set);
                set
            };
            Placement {
                allowed,
                helper: helper.as_pthread_t(),
                off: AtomicUsize::new(usize::MAX),
            }
        }

        /// Keeps the helper off the calling thread's core.
        pub fn keep_off_this_cpu(&self) {
            // SAFETY: reads the calling thread's core.
            let cpu = unsafe { libc::sched_getcpu() };
            let Ok(cpu) = usize::try_from(cpu) else {
                return;
            };
            if self.off.swap(cpu, Ordering::Relaxed) == cpu {
                return;
            }
            if let Some(others) = others(&self.allowed, cpu) {
                // SAFETY: `others` is a valid set and the helper is alive (it only ends with the
                // process). A failure leaves the helper where the scheduler put it.
                unsafe { libc::pthread_setaffinity_np(self.helper, SIZE, &others) };
            }
        }
    }

    /// The allowed cores but `cpu`, if more than one is allowed.
    pub fn others(allowed: &libc::cpu_set_t, cpu: usize) -> Option<libc::cpu_set_t> {
        let mut others = *allowed;
        // SAFETY: CPU_CLR writes a bit inside the set (the index is checked), CPU_COUNT reads it.
        unsafe {
            if cpu < libc::CPU_SETSIZE as usize {
                libc::CPU_CLR(cpu, &mut others);
            }
            (libc::CPU_COUNT(allowed) > 1).then_some(others)
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod cpus {
    pub struct Placement;
    impl Placement {
        pub fn new(_: &std::thread::JoinHandle<()>) -> Placement {
            Placement
        }
        pub fn keep_off_this_cpu(&self) {}
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
    fn the_helper_is_kept_off_the_callers_core_when_another_is_allowed() {
        fn set(cpus: &[usize]) -> libc::cpu_set_t {
            // SAFETY: a zeroed set is empty; CPU_SET writes bits inside it (indices below 1024).
            unsafe {
                let mut s: libc::cpu_set_t = std::mem::zeroed();
                cpus.iter().for_each(|&c| libc::CPU_SET(c, &mut s));
                s
            }
        }
        let others = |allowed: &[usize], cpu| {
            super::cpus::others(&set(allowed), cpu).map(|s| {
                (0..libc::CPU_SETSIZE as usize)
                    // SAFETY: reads a bit inside the set.
                    .filter(|&c| unsafe { libc::CPU_ISSET(c, &s) })
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(others(&[0, 1], 0), Some(vec![1]));
        assert_eq!(others(&[0, 1, 2, 3], 2), Some(vec![0, 1, 3]));
        // `taskset -c 2,5`: the helper stays inside the user's choice.
        assert_eq!(others(&[2, 5], 5), Some(vec![2]));
        // One allowed core: the helper is not moved at all.
        assert_eq!(others(&[3], 3), None);
        assert_eq!(others(&[3], 0), None);
        // A caller outside the allowed cores leaves them all to the helper.
        assert_eq!(others(&[0, 1], 7), Some(vec![0, 1]));
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_thread_that_gives_work_moves_the_helper_off_its_core() {
        const SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();
        fn affinity() -> Vec<usize> {
            // SAFETY: fills a zeroed set with this thread's affinity and reads its bits.
            unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::sched_getaffinity(0, SIZE, &mut set);
                (0..libc::CPU_SETSIZE as usize)
                    .filter(|&c| libc::CPU_ISSET(c, &set))
                    .collect()
            }
        }
        let allowed = affinity();
        if allowed.len() < 2 {
            return; // one core: nothing to keep the helper off
        }
        // A helper of this test's own (the real one is shared with the other tests), which
        // reports its cores when asked.
        let (ask, asked) = std::sync::mpsc::channel::<()>();
        let (tell, told) = std::sync::mpsc::channel();
        let helper = std::thread::spawn(move || {
            while asked.recv().is_ok() {
                tell.send(affinity()).unwrap();
            }
        });
        let placement = super::cpus::Placement::new(&helper);
        for &here in &allowed[..2] {
            // This thread moves to one core and gives work from there.
            // SAFETY: pins this test's thread to one of its allowed cores.
            unsafe {
                let mut one: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(here, &mut one);
                assert_eq!(libc::sched_setaffinity(0, SIZE, &one), 0);
            }
            placement.keep_off_this_cpu();
            ask.send(()).unwrap();
            let others: Vec<usize> = allowed.iter().copied().filter(|&c| c != here).collect();
            assert_eq!(told.recv().unwrap(), others, "giving work from core {here}");
        }
        drop(ask);
        helper.join().unwrap();
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
