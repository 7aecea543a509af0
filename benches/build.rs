//! `cargo bench`: gloss against Hugo on the same generated articles, in one run.
//!
//! For each corpus size (default 1,000 and 10,000; set `GLOSS_BENCH_SIZES=1000,5000`), it
//! measures the median of several runs of: a cold `gloss build` (ingest + annotate + render
//! from seeds), a no-change rebuild, a one-file edit rebuild, the annotator's throughput on one
//! core (MB/s), gloss's peak RSS, and, when `hugo` is installed (Debian package `hugo`), a cold
//! Hugo build of the same articles as markdown with an equivalent minimal theme, printing the
//! gloss/Hugo ratio. No assertions: it prints figures.
//!
//! It also measures `gloss serve` (see `serve.rs`): its first build, and the median time from a
//! one-file edit to the reload event open pages get. `GLOSS_BENCH_SERVE=DIR` measures only that,
//! on an existing site at DIR (`GLOSS_BENCH_GLOSS=PATH`: with another gloss binary).

#[path = "corpus.rs"]
mod corpus;
mod serve;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn run(cmd: &mut Command) -> Duration {
    run_measured(cmd).0
}

/// Runs `cmd` to its end: its wall time and its own peak resident set, in MiB (other runs'
/// peaks, Hugo's among them, do not count).
fn run_measured(cmd: &mut Command) -> (Duration, f64) {
    use std::io::{Read, Seek};
    let mut log = tempfile::tempfile().unwrap();
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .expect("run command");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child only writes its exit status and resource usage into the
    // two values we pass; the child is not waited for again (dropping a `Child` does not wait).
    let reaped = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let took = start.elapsed();
    let mut errors = String::new();
    let _ = log.rewind().and_then(|()| log.read_to_string(&mut errors));
    assert!(
        reaped > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed: {errors}"
    );
    (took, usage.ru_maxrss as f64 / 1024.0)
}

fn gloss(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gloss"));
    c.arg("build").arg("--root").arg(root);
    c
}

fn hugo_site(root: &Path, content: &Path) {
    let layouts = root.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\ntitle = 'Briefings'\ndisableKinds = ['taxonomy', 'term']\n").unwrap();
    let head = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>";
    std::fs::write(layouts.join("single.html"), format!("{head}<article><h1>{{{{ .Title }}}}</h1><time>{{{{ .Date.Format \"2 January 2006\" }}}}</time>{{{{ .Content }}}}</article></main></body></html>")).unwrap();
    std::fs::write(layouts.join("list.html"), format!("{head}<h1>{{{{ .Title }}}}</h1><ol>{{{{ range .Pages }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a> {{{{ .Summary }}}}</li>{{{{ end }}}}</ol></main></body></html>")).unwrap();
    let posts = root.join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    for e in std::fs::read_dir(content).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), posts.join(e.file_name())).unwrap();
    }
}

/// Lets the disk catch up before a cold run: the files earlier runs wrote (up to a gigabyte
/// at 10,000 briefings) would otherwise still be on their way to the disk and slow the next run
/// down, gloss's or Hugo's, by what came before it.
fn settle() {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

/// Edits that `gloss serve` reloads for, per measurement.
const SERVE_EDITS: usize = 7;

fn print_serve(root: &Path) {
    let l = serve::edit_to_reload(root, SERVE_EDITS);
    println!("  gloss serve first build {:>9}", ms(l.first_build));
    for (what, edits) in [("", &l.edits), (", new names", &l.entity_edits)] {
        println!(
            "  gloss serve edit → reload {:>7}  (median of {SERVE_EDITS}{what}; min {}, max {})",
            ms(median(edits.clone())),
            ms(*edits.iter().min().unwrap()),
            ms(*edits.iter().max().unwrap())
        );
    }
    if std::env::var_os("GLOSS_BENCH_VERBOSE").is_some() {
        for line in &l.log {
            println!("    {line}");
        }
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `GLOSS_BENCH_CORPUS=DIR:N cargo bench` only writes a corpus of N seeds into DIR/seeds.
    if let Some((dir, n)) = std::env::var("GLOSS_BENCH_CORPUS").ok().and_then(|v| {
        v.split_once(':')
            .map(|(d, n)| (d.to_string(), n.to_string()))
    }) {
        let n: usize = n.parse().expect("GLOSS_BENCH_CORPUS=DIR:N");
        let bytes = corpus::write_seeds(Path::new(&dir), n, 42).unwrap();
        println!("wrote {n} seeds ({bytes} bytes) into {dir}/seeds");
        return;
    }
    if let Some(dir) = std::env::var_os("GLOSS_BENCH_SERVE") {
        print_serve(Path::new(&dir));
        return;
    }
    let sizes: Vec<usize> = std::env::var("GLOSS_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    println!(
        "gloss benchmark ({} cores); hugo: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if hugo { "yes" } else { "not installed" }
    );
    // Every folder of the run is deleted at its very end (see the note on cold builds below).
    let mut folders: Vec<tempfile::TempDir> = Vec::new();
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let bytes = corpus::write_seeds(root, n, 42).unwrap();
        let runs = if n >= 10_000 { 3 } else { 5 };
        // Cold builds start from seeds alone. What a run wrote is moved aside, not deleted, until
        // the end: on a file system without a journal, ext4 skips inodes freed in the last
        // minute when it allocates new ones, so deleting tens of thousands of files just before
        // a build slows that build down for reasons that have nothing to do with it.
        let trash = tempfile::tempdir().unwrap();
        let mut moved = 0;
        let mut set_aside = |dirs: &[std::path::PathBuf]| {
            for d in dirs.iter().filter(|d| d.exists()) {
                moved += 1;
                std::fs::rename(d, trash.path().join(moved.to_string())).unwrap();
            }
        };
        let gloss_outputs = ["content", "public", ".gloss-cache"].map(|d| root.join(d));
        let mut rss: f64 = 0.0;
        let mut cold_run = || {
            settle();
            let (took, peak) = run_measured(&mut gloss(root));
            rss = rss.max(peak);
            took
        };
        let mut cold_runs = vec![cold_run()];
        let content = root.join("content");
        // Hugo builds the same articles, its runs taking turns with gloss's so both meet the
        // machine in the same state.
        let hdir = tempfile::tempdir().unwrap();
        let hugo_outputs = ["public", "resources"].map(|d| hdir.path().join(d));
        if hugo {
            hugo_site(hdir.path(), &content);
        }
        let mut hugo_runs = Vec::new();
        for _ in 0..runs {
            if hugo {
                set_aside(&hugo_outputs);
                settle();
                hugo_runs.push(run(Command::new("hugo")
                    .arg("--quiet")
                    .arg("--source")
                    .arg(hdir.path())));
            }
            if cold_runs.len() < runs {
                set_aside(&gloss_outputs);
                cold_runs.push(cold_run());
            }
        }
        let cold = median(cold_runs);
        let nochange = median((0..runs).map(|_| run(&mut gloss(root))).collect());
        let mut files: Vec<_> = std::fs::read_dir(&content)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let edited = &files[files.len() / 2];
        let original = std::fs::read_to_string(edited).unwrap();
        let edit = median(
            (0..runs)
                .map(|i| {
                    std::fs::write(
                        edited,
                        format!("{original}\nAn added sentence, number {i}.\n"),
                    )
                    .unwrap();
                    run(&mut gloss(root))
                })
                .collect(),
        );
        // The annotator alone, on one core.
        let bodies: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let total: usize = bodies.iter().map(String::len).sum();
        // One pass over every body with `f`, on one core: MB/s.
        use gloss::annotate::{entities, facts, people, quotes, speakers, Context};
        let stage = |f: &dyn Fn(&str)| {
            let start = Instant::now();
            for b in &bodies {
                f(b);
            }
            total as f64 / 1e6 / start.elapsed().as_secs_f64()
        };
        // The whole annotator. Its one-time start-up (word lists, the gazetteer automaton) is
        // timed on its own; the throughput is the median of three passes.
        let start = Instant::now();
        gloss::annotate::annotate("Warm up.", &Context::default());
        let startup = start.elapsed();
        let found = std::cell::Cell::new(0);
        let mut passes: Vec<f64> = (0..3)
            .map(|_| {
                found.set(0);
                stage(&|b| {
                    let facts = gloss::annotate::annotate(b, &Context::default()).facts;
                    found.set(found.get() + facts.len());
                })
            })
            .collect();
        passes.sort_by(f64::total_cmp);
        let (mbps, found) = (passes[1], found.get());
        // Each stage alone: where the annotator's time goes.
        let quote_mbps = stage(&|b| {
            let p = people::People::find(b);
            let _ = speakers::attribute(b, quotes::find(b), &p);
        });
        let fact_mbps = stage(&|b| {
            let _ = facts::find(b, &Context::default());
        });
        let entity_mbps = stage(&|b| {
            let _ = entities::find(b, &people::People::find(b));
        });
        println!("\n{n} briefings ({:.1} MB of seeds)", bytes as f64 / 1e6);
        println!(
            "  gloss cold build        {:>9}  (median of {runs})",
            ms(cold)
        );
        println!("  gloss no-change rebuild {:>9}", ms(nochange));
        println!("  gloss one-file rebuild  {:>9}", ms(edit));
        println!("  annotate, one core      {mbps:>7.1} MB/s ({found} facts; median of 3 passes; start-up {})", ms(startup));
        println!("    people+quotes+speakers {quote_mbps:>6.1} MB/s; facts {fact_mbps:.1} MB/s; people+entities {entity_mbps:.1} MB/s");
        println!("  peak RSS (largest cold build) {rss:>4.0} MiB");
        print_serve(root);
        if hugo {
            let hugo_cold = median(hugo_runs);
            println!("  hugo cold build         {:>9}", ms(hugo_cold));
            println!(
                "  ratio gloss/hugo (cold) {:>9.2}",
                cold.as_secs_f64() / hugo_cold.as_secs_f64()
            );
        }
        folders.extend([dir, trash, hdir]);
    }
    drop(folders);
}
