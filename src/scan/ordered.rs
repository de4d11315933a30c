//! Scanning many files on worker threads while their reports stream out in input order.
//!
//! Workers (the calling thread among them) take the next input from a shared counter. A worker
//! whose report is the next one due hands it to the sink itself, followed by any later ones
//! that are already done and waiting; a report that is not yet due waits, moved, for the worker
//! that hands out the one before it (ripgrep's sorted output works alike). No thread wakes
//! another per file: the sink runs on whichever worker made the report, while its findings are
//! still in that core's cache, and one worker at a time holds it. A worker may always start an
//! input up to [`WINDOW`] files per worker ahead of the last one handed out, and up to
//! [`FAR_WINDOW`] files per worker ahead while the reports waiting hold fewer than
//! [`HELD_FINDINGS`] findings (a long file does not leave the other workers idle behind it), so
//! memory is bounded by the largest files and that many findings, not by the number of files or
//! findings in the run.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread;

use super::{Input, Scanner};
use crate::model::FileReport;

/// Files a worker may always run ahead of the sink, per worker.
pub const WINDOW: usize = 4;

/// Files a worker may run ahead of the sink, per worker, while the reports waiting hold fewer
/// than [`HELD_FINDINGS`] findings. A long file due next (the statutes' first file is their
/// longest, a third of a worker's first 30 ms) would otherwise leave the others idle once they
/// are [`WINDOW`] files past it.
pub const FAR_WINDOW: usize = 64;

/// Findings (and suppressed findings) the reports waiting for the sink may hold for a worker to
/// start a file beyond [`WINDOW`]: what bounds their memory, the files themselves being dropped
/// once scanned.
pub const HELD_FINDINGS: usize = 20_000;

/// Parts of one file that may wait for the sink: a worker whose file is not yet due stops
/// scanning it when this many of its parts are waiting, until the sink has taken them, so a file
/// with a great many findings (a raised `--max-findings`) is never held whole behind a slow one.
pub const MAX_WAITING_PARTS: usize = 8;

/// The error of a run whose sink panicked (user-facing: Chinese, as hegui's messages by default;
/// the panic's own message is printed before it).
const SINK_PANICKED: &str = "写出报告时出错（hegui 内部错误），报告不完整";

/// A report or part of one, with whether it is its file's last and the worker that made it.
type Item = (FileReport, bool, usize);

/// What the workers share, under one lock.
struct State {
    /// Reports (or parts) not yet handed out, by input index, in the order they came.
    waiting: BTreeMap<usize, Vec<Item>>,
    /// Findings and suppressed findings of the reports in `waiting`.
    held: usize,
    /// Inputs handed out whole: the next one due.
    done: usize,
    /// Whether a worker is handing reports to the sink.
    printing: bool,
    /// The sink's first error, or [`SINK_PANICKED`]; set, it stops the run.
    failed: Option<io::Error>,
    /// Whether the run stopped (the sink failed or panicked).
    stopped: bool,
    /// Workers waiting for the window to move.
    sleepers: usize,
    /// Reports handed out by another worker, to be freed by the one that made them (glibc frees
    /// a block of another thread's arena under that arena's lock, while its worker allocates
    /// from it).
    freed: Vec<Vec<FileReport>>,
}

/// The shared state and the sink.
struct Shared<'a, F> {
    /// The next input to take.
    next: AtomicUsize,
    /// A copy of [`State::done`], read without the lock.
    done: AtomicUsize,
    /// A copy of [`State::stopped`], read without the lock.
    stop: AtomicBool,
    state: Mutex<State>,
    /// Signalled when `done` moves or the run stops, for workers waiting for the window.
    moved: Condvar,
    /// Held only by the worker whose `printing` is set, so never waited for.
    sink: Mutex<F>,
    /// Inputs any worker may run ahead of the one due ([`WINDOW`] per worker).
    window: usize,
    /// Inputs a worker may run ahead while few findings wait ([`FAR_WINDOW`] per worker).
    far: usize,
    /// See [`HELD_FINDINGS`].
    hold: usize,
    /// See [`MAX_WAITING_PARTS`].
    max_parts: usize,
    /// The most items of one input seen waiting at once.
    peak: &'a AtomicUsize,
}

/// Stops the run if the worker handing out reports panics (in the sink), so that no other
/// worker waits for a report that will never be handed out.
struct StopOnPanic<'a, 'b, F>(&'a Shared<'b, F>);

/// What a report waiting for the sink holds, for [`State::held`].
fn weight(report: &FileReport) -> usize {
    report.findings.len() + report.suppressed.len()
}

/// What the items of one input hold, for [`State::held`].
fn weight_of(items: &[Item]) -> usize {
    items.iter().map(|item| weight(&item.0)).sum()
}

impl<F> Drop for StopOnPanic<'_, '_, F> {
    fn drop(&mut self) {
        if thread::panicking() {
            let mut st = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
            self.0.stop.store(true, Ordering::Relaxed);
            // A panic while handing out a part unwinds into the scan of its file, which turns
            // it into that file's error report: the run must still fail.
            st.failed.get_or_insert_with(|| io::Error::other(SINK_PANICKED));
            st.stopped = true;
            st.printing = false;
            self.0.moved.notify_all();
        }
    }
}

impl<'a, F> Shared<'a, F>
where
    F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>>,
{
    /// The state of a run on `workers` workers, nothing taken yet, with its windows and bounds.
    fn new(workers: usize, sink: F, max_parts: usize, peak: &'a AtomicUsize) -> Self {
        Shared {
            next: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            state: Mutex::new(State {
                waiting: BTreeMap::new(),
                held: 0,
                done: 0,
                printing: false,
                failed: None,
                stopped: false,
                sleepers: 0,
                freed: (0..workers).map(|_| Vec::new()).collect(),
            }),
            moved: Condvar::new(),
            sink: Mutex::new(sink),
            window: WINDOW * workers,
            far: FAR_WINDOW * workers,
            hold: HELD_FINDINGS,
            max_parts: max_parts.max(1),
            peak,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits, counted among the sleepers, until `moved` is signalled.
    fn sleep<'g>(&self, mut st: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        st.sleepers += 1;
        st = self.moved.wait(st).unwrap_or_else(|e| e.into_inner());
        st.sleepers -= 1;
        st
    }

    /// Whether input `i` may be started: within the window of the one due, or within the far
    /// window while the reports waiting hold fewer findings than allowed.
    fn may_start(&self, i: usize, st: &State) -> bool {
        let ahead = i.saturating_sub(st.done);
        ahead < self.window || (ahead < self.far && st.held < self.hold)
    }

    /// The next input for a worker to scan, once it is within the window (or the far window,
    /// while few findings wait); `None` when all are taken or the run stopped.
    fn take(&self, len: usize) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= len || self.stop.load(Ordering::Relaxed) {
            return None;
        }
        if i < self.done.load(Ordering::Acquire) + self.window {
            return Some(i);
        }
        let mut st = self.lock();
        while !st.stopped && !self.may_start(i, &st) {
            st = self.sleep(st);
        }
        (!st.stopped).then_some(i)
    }

    /// Worker `w`'s report (or part, unless `last`) of input `i`: handed to the sink now if it
    /// is due and no other worker is handing out, with the reports due after it; else left
    /// waiting. Returns false once the run has stopped.
    fn submit(&self, i: usize, report: FileReport, last: bool, w: usize) -> bool {
        let mut st = self.lock();
        if st.stopped {
            return false;
        }
        // Reports this worker made that another handed out: freed here, after the lock.
        let garbage = std::mem::take(&mut st.freed[w]);
        if st.printing || i != st.done {
            st.held += weight(&report);
            let queue = st.waiting.entry(i).or_default();
            queue.push((report, last, w));
            self.peak.fetch_max(queue.len(), Ordering::Relaxed);
            // A part beyond the limit: wait (scanning no further) until the sink takes them.
            while !last && !st.stopped && st.waiting.get(&i).map_or(0, Vec::len) >= self.max_parts {
                st = self.sleep(st);
            }
            drop(st);
            drop(garbage);
            return true;
        }
        st.printing = true;
        // Parts of this input left waiting while another worker handed out go first.
        let mut batch = st.waiting.remove(&i).unwrap_or_default();
        st.held -= weight_of(&batch);
        batch.push((report, last, w));
        drop(st);
        drop(garbage);
        self.hand_out(i, batch, w)
    }

    /// Hands `batch` (items of input `d`, the one due) to the sink, then whatever is due after
    /// it, until nothing due is waiting; called by worker `me` with `printing` set.
    fn hand_out(&self, mut d: usize, mut batch: Vec<Item>, me: usize) -> bool {
        let _guard = StopOnPanic(self);
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        let mut foreign: Vec<(usize, FileReport)> = Vec::new();
        loop {
            let finished = batch.last().is_some_and(|item| item.1);
            let mut result = Ok(());
            for (report, last, w) in batch.drain(..) {
                match (*sink)(report, last) {
                    Ok(Some(report)) if w != me => foreign.push((w, report)),
                    Ok(_) => {}
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            // Anything left in the batch after an error is dropped here, before the lock.
            batch.clear();
            let mut st = self.lock();
            for (w, report) in foreign.drain(..) {
                st.freed[w].push(report);
            }
            if let Err(e) = result {
                st.failed = Some(e);
                st.stopped = true;
                self.stop.store(true, Ordering::Relaxed);
                st.printing = false;
                self.moved.notify_all();
                return false;
            }
            if finished {
                d += 1;
                st.done = d;
                self.done.store(d, Ordering::Release);
                if st.sleepers > 0 {
                    self.moved.notify_all();
                }
            }
            match st.waiting.get_mut(&d) {
                Some(items) if !items.is_empty() => {
                    if items.last().is_some_and(|item| item.1) {
                        batch = st.waiting.remove(&d).unwrap_or_default();
                    } else {
                        std::mem::swap(&mut batch, items);
                        // The worker of these parts, or one past the window, may be waiting
                        // for them to be taken.
                        if st.sleepers > 0 {
                            self.moved.notify_all();
                        }
                    }
                    st.held -= weight_of(&batch);
                }
                _ => {
                    st.printing = false;
                    return true;
                }
            }
        }
    }
}

impl Scanner {
    /// Scans `inputs` on `threads` threads (the calling thread and `threads - 1` workers) and
    /// hands each report to `sink` in input order, as soon as it and every earlier one are done,
    /// on whichever thread made it (one at a time). The first error from `sink` stops the run
    /// (inputs not yet started are not scanned) and is returned. With one thread, or when no
    /// worker thread can be started, the inputs are scanned on the calling thread alone.
    pub fn scan_ordered<F>(&self, inputs: &[Input], threads: usize, mut sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport) -> io::Result<()> + Send,
    {
        self.ordered(inputs, threads, false, |report, _| sink(report).map(|()| None))
    }

    /// Like [`Scanner::scan_ordered`], but a file's many findings come in parts as they are
    /// found ([`Scanner::scan_input_parts`]): `sink` gets each part with `false`, then the
    /// file's last report with `true` (every other file comes as one report with `true`).
    /// Parts of the file being handed out go to `sink` at once, so a file's findings need not
    /// all be held. `sink` may hand a report back once it is done with it: it is then freed by
    /// the thread that made it.
    pub fn scan_ordered_parts<F>(&self, inputs: &[Input], threads: usize, sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>> + Send,
    {
        self.ordered(inputs, threads, true, sink)
    }

    fn ordered<F>(&self, inputs: &[Input], threads: usize, parts: bool, sink: F) -> io::Result<()>
    where
        F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>> + Send,
    {
        self.ordered_with(inputs, threads, parts, sink, MAX_WAITING_PARTS, &AtomicUsize::new(0))
    }

    /// [`Scanner::ordered`] with the limit of waiting parts given, recording in `peak` the most
    /// items of one input that waited at once.
    fn ordered_with<F>(
        &self,
        inputs: &[Input],
        threads: usize,
        parts: bool,
        mut sink: F,
        max_parts: usize,
        peak: &AtomicUsize,
    ) -> io::Result<()>
    where
        F: FnMut(FileReport, bool) -> io::Result<Option<FileReport>> + Send,
    {
        // One document and a thread to spare: its scan may use the other core.
        self.alone.store(threads >= 2 && inputs.len() == 1, Ordering::Relaxed);
        if threads <= 1 || inputs.len() <= 1 {
            // On this thread: parts go straight to the sink; its first error is kept and
            // returned once the input is done.
            return inputs.iter().try_for_each(|input| {
                if !parts {
                    return sink(self.scan_input(input), true).map(drop);
                }
                let mut failed: io::Result<()> = Ok(());
                // Set at the sink's error: a file read in pieces is not scanned to its end.
                let stop = AtomicBool::new(false);
                let mut to_sink = |part| {
                    if failed.is_ok() {
                        failed = sink(part, false).map(drop);
                        stop.store(failed.is_err(), Ordering::Relaxed);
                    }
                };
                let last = self.scan_input_in(input, Some(&mut to_sink), Some(&stop));
                failed?;
                sink(last, true).map(drop)
            });
        }
        let workers = threads.min(inputs.len());
        let shared = Shared::new(workers, sink, max_parts, peak);
        let work = |w: usize| {
            while let Some(i) = shared.take(inputs.len()) {
                // A stopped run is seen at the last report; a file read in pieces is not
                // scanned to its end once the run stopped.
                let mut to_sink = |part| {
                    shared.submit(i, part, false, w);
                };
                let to_sink = parts.then_some(&mut to_sink as &mut dyn FnMut(FileReport));
                let report = self.scan_input_in(&inputs[i], to_sink, Some(&shared.stop));
                if !shared.submit(i, report, true, w) {
                    break;
                }
            }
        };
        thread::scope(|s| {
            for w in 1..workers {
                let work = &work;
                // A worker that cannot be started leaves its inputs to the others.
                drop(thread::Builder::new().name("hegui-scan".into()).spawn_scoped(s, move || work(w)));
            }
            work(0);
        });
        let st = shared.state.into_inner().unwrap_or_else(|e| e.into_inner());
        match st.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
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
    fn a_worker_runs_past_the_window_only_while_few_findings_wait() {
        let peak = AtomicUsize::new(0);
        let sink = |_: FileReport, _: bool| -> io::Result<Option<FileReport>> { Ok(None) };
        // Two workers: a window of 8 inputs, a far window of 128; 100 findings held count as many.
        let mut shared = Shared::new(2, sink, MAX_WAITING_PARTS, &peak);
        shared.hold = 100;
        let mut st = shared.lock();
        st.done = 10;
        // Few findings wait: up to the far window.
        assert!(shared.may_start(17, &st));
        assert!(shared.may_start(18, &st));
        assert!(shared.may_start(137, &st));
        assert!(!shared.may_start(138, &st));
        // Many wait: only the window.
        st.held = 100;
        assert!(shared.may_start(17, &st));
        assert!(!shared.may_start(18, &st));
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

    #[test]
    fn files_in_parts_among_small_ones_come_whole_and_in_order_on_every_thread_count() {
        // Every fifth file has more findings than a part holds, so it comes in parts, while the
        // small files after it finish first on the other workers and wait.
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..23 {
            let body = if i % 5 == 1 {
                "全网最低价，最佳选择。".repeat(3000)
            } else {
                format!("第{i}篇：最佳。")
            };
            std::fs::write(dir.path().join(format!("{i:04}.txt")), body).expect("write");
        }
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("builtin packs"));
        let (inputs, errors) = scanner.walk(&[PathBuf::from(dir.path())], &WalkOptions { no_ignore: true, threads: 1 });
        assert!(errors.is_empty());
        // Per file: its path, its findings from all its parts, how many parts, whether it ended.
        let run = |threads| {
            let mut out: Vec<(String, Vec<crate::model::Finding>, usize, bool)> = Vec::new();
            scanner
                .scan_ordered_parts(&inputs, threads, |r, last| {
                    match out.last_mut() {
                        Some(open) if !open.3 => {
                            assert_eq!(open.0, r.path, "a file's parts come together");
                            open.1.extend(r.findings.iter().cloned());
                            open.2 += 1;
                            open.3 = last;
                        }
                        _ => out.push((r.path.clone(), r.findings.clone(), 1, last)),
                    }
                    Ok(Some(r))
                })
                .expect("no sink error");
            out
        };
        let serial = run(1);
        assert_eq!(serial.len(), 23, "one entry per file");
        assert!(serial.iter().all(|e| e.3), "every file ended");
        assert!(serial.iter().any(|e| e.2 > 1), "some file came in parts");
        for threads in [2, 3, 4] {
            assert_eq!(run(threads), serial, "{threads} threads");
        }
    }

    #[test]
    fn parts_of_a_file_behind_a_slow_one_wait_bounded_and_come_out_whole() {
        // File 0 comes in parts and its sink is slow; file 1, on the other worker, has many
        // parts. They must not all pile up behind file 0: its worker waits at the limit.
        let dir = tempfile::tempdir().expect("temp dir");
        let busy = "全网最低价，最佳选择。".repeat(3000);
        std::fs::write(dir.path().join("0000.txt"), &busy).expect("write");
        std::fs::write(dir.path().join("0001.txt"), busy.repeat(6)).expect("write");
        std::fs::write(dir.path().join("0002.txt"), "第二篇：最佳。").expect("write");
        let mut scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("builtin packs"));
        // As with a raised `--max-findings`: every finding is kept, so parts keep coming.
        scanner.max_findings = 1_000_000;
        let (inputs, errors) = scanner.walk(&[PathBuf::from(dir.path())], &WalkOptions { no_ignore: true, threads: 1 });
        assert!(errors.is_empty());
        let limit = 2;
        let peak = AtomicUsize::new(0);
        let mut out: Vec<(String, usize, bool)> = Vec::new();
        let start = std::time::Instant::now();
        scanner
            .ordered_with(
                &inputs,
                2,
                true,
                |r, last| {
                    if out.is_empty() {
                        // Hold file 0 until file 1's parts reached the limit, then a while
                        // longer: unbounded, they would go on piling up meanwhile.
                        while peak.load(Ordering::Relaxed) < limit && start.elapsed().as_secs() < 20 {
                            thread::sleep(std::time::Duration::from_millis(2));
                        }
                        thread::sleep(std::time::Duration::from_millis(300));
                    }
                    out.push((r.path.clone(), r.findings.len(), last));
                    Ok(Some(r))
                },
                limit,
                &peak,
            )
            .expect("no sink error");
        assert_eq!(peak.load(Ordering::Relaxed), limit, "file 1's parts reached the limit and no more");
        let file1: Vec<_> = out.iter().filter(|e| e.0.ends_with("0001.txt")).collect();
        assert!(file1.len() > 2 * limit, "file 1 came in many parts: {}", file1.len());
        let serial = {
            let mut v = Vec::new();
            scanner
                .scan_ordered_parts(&inputs, 1, |r, last| {
                    v.push((r.path.clone(), r.findings.len(), last));
                    Ok(None)
                })
                .expect("no sink error");
            v
        };
        let total = |v: &[(String, usize, bool)]| -> Vec<(String, usize)> {
            let mut t: Vec<(String, usize)> = Vec::new();
            for (p, n, _) in v {
                match t.last_mut() {
                    Some(last) if &last.0 == p => last.1 += n,
                    _ => t.push((p.clone(), *n)),
                }
            }
            t
        };
        assert_eq!(total(&out), total(&serial), "the same findings per file, in order");
    }

    #[test]
    fn a_sink_that_panics_ends_the_run_instead_of_leaving_workers_waiting() {
        let (_dir, inputs, scanner) = inputs(60);
        for threads in [2, 3] {
            let mut seen = 0;
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                scanner.scan_ordered(&inputs, threads, |_| {
                    seen += 1;
                    assert!(seen != 3, "forced panic in the sink");
                    Ok(())
                })
            }));
            assert!(run.is_err(), "{threads} threads: the panic comes through");
            assert_eq!(seen, 3, "{threads} threads: nothing is handed out after it");
        }
    }

    #[test]
    fn a_sink_that_panics_on_a_part_makes_the_run_fail_not_end_quietly() {
        // A part is handed out from inside the scan of its file, where a failure of the scan
        // is caught and turned into an error report; the sink's panic must still end the run
        // with an error, not pass for a run that printed everything.
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..12 {
            let body =
                if i == 0 { "全网最低价，最佳选择。".repeat(3000) } else { "普通的一句话。".into() };
            std::fs::write(dir.path().join(format!("{i:04}.txt")), body).expect("write");
        }
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("builtin packs"));
        let (inputs, errors) = scanner.walk(&[PathBuf::from(dir.path())], &WalkOptions { no_ignore: true, threads: 1 });
        assert!(errors.is_empty());
        for threads in [2, 3] {
            let mut lasts = 0;
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                scanner.scan_ordered_parts(&inputs, threads, |_, last| {
                    assert!(last, "forced panic on a part");
                    lasts += 1;
                    Ok(None)
                })
            }));
            assert!(!matches!(run, Ok(Ok(()))), "{threads} threads: the run did not succeed");
            assert_eq!(lasts, 0, "{threads} threads: nothing is handed out after the panic");
        }
    }
}
