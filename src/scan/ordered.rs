//! Scanning many files on worker threads while their reports stream out in input order.
//!
//! Workers take the next input from a shared counter and send its report, moved, to the calling
//! thread, which hands each one to a sink as soon as every earlier one has gone (ripgrep's
//! sorted output works the same way). A worker does not start an input more than [`WINDOW`]
//! files ahead of the last one handed out, so at most that many reports wait at once: memory
//! is bounded by the largest files, not by the number of files or findings in the run. The
//! calling thread formats and writes while the workers scan.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::thread;

use super::{Input, Scanner};
use crate::model::FileReport;

/// Files a worker may run ahead of the sink, per worker.
pub const WINDOW: usize = 4;

/// Shared state: the next input to take, how many reports the sink has taken, and a stop flag.
struct Queue {
    next: AtomicUsize,
    stop: AtomicBool,
    done: Mutex<usize>,
    moved: Condvar,
}

impl Queue {
    /// The next input index for a worker, once it is within the window; `None` when all are
    /// taken or the run stops.
    fn take(&self, len: usize, window: usize) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= len {
            return None;
        }
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        while i >= *done + window && !self.stop.load(Ordering::Relaxed) {
            done = self.moved.wait(done).unwrap_or_else(|e| e.into_inner());
        }
        (!self.stop.load(Ordering::Relaxed)).then_some(i)
    }

    fn advance(&self, done: usize) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = done;
        self.moved.notify_all();
    }

    fn halt(&self) {
        self.stop.store(true, Ordering::Relaxed);
        // Taking the lock orders the flag before any worker's next check.
        drop(self.done.lock().unwrap_or_else(|e| e.into_inner()));
        self.moved.notify_all();
    }
}

impl Scanner {
    /// Scans `inputs` on `threads` worker threads and hands each report to `sink` in input
    /// order, as soon as it and every earlier one are done. The first error from `sink` stops the
    /// run (inputs not yet started are not scanned) and is returned. With one thread, or when no
    /// worker thread can be started, the inputs are scanned on the calling thread.
    pub fn scan_ordered<F>(&self, inputs: &[Input], threads: usize, mut sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport) -> io::Result<()>,
    {
        self.ordered(inputs, threads, false, |report, _| sink(report).map(|()| None))
    }

    /// Like [`Scanner::scan_ordered`], but a file's many findings come in parts as they are
    /// found ([`Scanner::scan_input_parts`]): `sink` gets each part with `false`, then the
    /// file's last report with `true` (every other file comes as one report with `true`).
    /// Parts of the file being handed out go to `sink` at once, so a file's findings need not
    /// all be held. `sink` may hand a report back once it is done with it: it is then freed on
    /// the worker thread that made it (glibc frees a block of another thread's arena under that
    /// arena's lock, while the worker allocates from it).
    pub fn scan_ordered_parts<F>(&self, inputs: &[Input], threads: usize, sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>>,
    {
        self.ordered(inputs, threads, true, sink)
    }

    fn ordered<F>(&self, inputs: &[Input], threads: usize, parts: bool, mut sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>>,
    {
        // One input on this thread: parts go straight to the sink; its first error is kept and
        // returned once the input is done.
        let serial = |input: &Input, sink: &mut F| -> io::Result<()> {
            if !parts {
                return sink(self.scan_input(input), true).map(drop);
            }
            let mut failed: io::Result<()> = Ok(());
            let last = self.scan_input_parts(input, &mut |part| {
                if failed.is_ok() {
                    failed = sink(part, false).map(drop);
                }
            });
            failed?;
            sink(last, true).map(drop)
        };
        if threads <= 1 || inputs.len() <= 1 {
            return inputs.iter().try_for_each(|input| serial(input, &mut sink));
        }
        let window = WINDOW * threads;
        let queue = Queue {
            next: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            done: Mutex::new(0),
            moved: Condvar::new(),
        };
        thread::scope(|s| {
            // Reports with the worker that made them; reports handed back go to that worker.
            let (tx, rx) = mpsc::channel::<(usize, FileReport, bool, usize)>();
            let mut handed_back = Vec::new();
            for w in 0..threads.min(inputs.len()) {
                let (tx, queue) = (tx.clone(), &queue);
                let (back, freed) = mpsc::channel::<FileReport>();
                let work = move || {
                    while let Some(i) = queue.take(inputs.len(), window) {
                        // Free what the sink is done with (this thread made it).
                        while let Ok(report) = freed.try_recv() {
                            drop(report);
                        }
                        let report = if parts {
                            self.scan_input_parts(&inputs[i], &mut |part| {
                                // A closed channel (the run stopped) is seen at the last report.
                                let _ = tx.send((i, part, false, w));
                            })
                        } else {
                            self.scan_input(&inputs[i])
                        };
                        if tx.send((i, report, true, w)).is_err() {
                            break;
                        }
                    }
                };
                let started = thread::Builder::new().name("hegui-scan".into()).spawn_scoped(s, work).is_ok();
                handed_back.push(started.then_some(back));
            }
            let workers = handed_back.iter().flatten().count();
            drop(tx);
            if workers == 0 {
                return inputs.iter().try_for_each(|input| serial(input, &mut sink));
            }
            // Parts of inputs after the one being handed out, waiting for their turn.
            let mut waiting: BTreeMap<usize, Vec<(FileReport, bool, usize)>> = BTreeMap::new();
            let mut done = 0;
            for (i, report, last, w) in rx {
                waiting.entry(i).or_default().push((report, last, w));
                while let Some(ready) = waiting.get_mut(&done) {
                    let mut finished = false;
                    for (report, last, w) in ready.drain(..) {
                        finished |= last;
                        match sink(report, last) {
                            // A worker that has ended frees nothing more: the report is freed here.
                            Ok(Some(report)) => {
                                if let Some(back) = handed_back.get(w).and_then(Option::as_ref) {
                                    drop(back.send(report));
                                }
                            }
                            Ok(None) => {}
                            Err(e) => {
                                queue.halt();
                                return Err(e);
                            }
                        }
                    }
                    if !finished {
                        break;
                    }
                    waiting.remove(&done);
                    done += 1;
                    queue.advance(done);
                }
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::scan::WalkOptions;

    /// A folder of `n` small files, some with findings, in walker order.
    fn inputs(n: usize) -> (tempfile::TempDir, Vec<Input>, Scanner) {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..n {
            let body = if i % 3 == 0 {
                "全网最低价，最佳选择。".repeat(i % 7 + 1)
            } else {
                "普通的一句话。".into()
            };
            std::fs::write(dir.path().join(format!("{i:04}.txt")), body).expect("write");
        }
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("builtin packs"));
        let paths = vec![PathBuf::from(dir.path())];
        let (inputs, errors) = scanner.walk(&paths, &WalkOptions { no_ignore: true, threads: 1 });
        assert!(errors.is_empty());
        (dir, inputs, scanner)
    }

    #[test]
    fn reports_come_in_input_order_and_equal_a_serial_scan() {
        let (_dir, inputs, scanner) = inputs(57);
        let run = |threads| {
            let mut out = Vec::new();
            scanner
                .scan_ordered(&inputs, threads, |r| {
                    out.push((r.path, r.status, r.findings, r.omitted));
                    Ok(())
                })
                .expect("no sink error");
            out
        };
        let serial = run(1);
        for threads in [2, 3, 8] {
            assert_eq!(run(threads), serial, "{threads} threads");
        }
        assert_eq!(serial.len(), 57);
        assert!(serial.windows(2).all(|w| w[0].0 < w[1].0), "walker (sorted) order");
        assert!(serial.iter().any(|r| !r.2.is_empty()));
    }

    #[test]
    fn reports_handed_back_to_their_workers_change_nothing() {
        let (_dir, inputs, scanner) = inputs(57);
        let run = |threads, back: bool| {
            let mut out = Vec::new();
            scanner
                .scan_ordered_parts(&inputs, threads, |r, last| {
                    out.push((r.path.clone(), r.status.clone(), r.findings.clone(), last));
                    Ok(back.then_some(r))
                })
                .expect("no sink error");
            out
        };
        let serial = run(1, false);
        assert_eq!(serial.len(), 57);
        assert!(serial.iter().any(|r| !r.2.is_empty()));
        for threads in [2, 3] {
            assert_eq!(run(threads, true), serial, "{threads} threads, reports handed back");
            assert_eq!(run(threads, false), serial, "{threads} threads, reports kept");
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let (_dir, inputs, scanner) = inputs(40);
        let mut seen = 0;
        let err = scanner
            .scan_ordered(&inputs, 2, |_| {
                seen += 1;
                if seen == 5 { Err(io::Error::other("disk full")) } else { Ok(()) }
            })
            .expect_err("the sink's error");
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(seen, 5, "nothing is handed out after the error");
    }
}
