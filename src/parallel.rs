//! Work beside the main thread, plainly: a scoped thread for a job whose result is waited for
//! later (the template's compile while the context is read, the font programs while the pages
//! are laid out). If no thread can be started, the job runs at once on the calling thread, so a
//! render never fails for want of a thread; it only takes longer.

use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

/// A job started with [`spawn`]: running on its own thread, or already done.
pub enum Task<'scope, T> {
    Running(ScopedJoinHandle<'scope, T>),
    Done(T),
}

impl<T> Task<'_, T> {
    /// The job's result; a panic in the job resumes here.
    pub fn join(self) -> T {
        match self {
            Task::Running(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Task::Done(value) => value,
        }
    }
}

/// Runs `job` on a new thread of the scope `s`, or here if the thread cannot be started.
pub fn spawn<'scope, T, F>(s: &'scope Scope<'scope, '_>, name: &str, job: F) -> Task<'scope, T>
where
    T: Send + 'scope,
    F: FnOnce() -> T + Send + 'scope,
{
    // The job is handed over through a slot, so that it is still here to run if the spawn fails
    // (the builder consumes the closure it is given).
    let slot = Arc::new(Mutex::new(Some(job)));
    let theirs = slot.clone();
    let started = std::thread::Builder::new()
        .name(name.to_string())
        .spawn_scoped(s, move || {
            let job = theirs.lock().unwrap_or_else(|p| p.into_inner()).take();
            job.expect("a job is taken once")()
        });
    match started {
        Ok(handle) => Task::Running(handle),
        Err(_) => {
            let job = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
            Task::Done(job
                .expect("a job that was not started is still in its slot")(
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_borrows_what_the_caller_owns_while_the_caller_works() {
        let text = String::from("医療拠点");
        let (a, b) = std::thread::scope(|s| {
            let task = spawn(s, "test", || text.chars().count());
            let here = text.len();
            (task.join(), here)
        });
        assert_eq!((a, b), (4, 12));
    }

    #[test]
    fn a_panic_on_the_job_thread_resumes_where_it_is_joined() {
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|s| spawn(s, "test", || -> u8 { panic!("boom") }).join())
        });
        assert!(caught.is_err());
    }

    #[test]
    fn a_task_is_joined_where_its_result_is_needed() {
        std::thread::scope(|s| {
            let t = spawn(s, "test", || (1..=10).sum::<u32>());
            assert_eq!(t.join(), 55);
        });
    }
}
