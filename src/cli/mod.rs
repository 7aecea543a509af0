//! Command line: parses arguments with clap and runs the stages. Takes argv, returns an exit
//! code: 0 ok, 1 a build or input error (printed with file, line and column), 2 a usage error.

mod annotate;
mod init;

use crate::error::{Error, Result};
use crate::site::{self, BuildOptions};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "gloss", version, about = "A static site generator for annotated briefings", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest new seeds, annotate every briefing and build the site into `public/`.
    #[command(
        after_help = "Only what changed is redone: annotations and page keys are kept in `.gloss-cache/` \
(deleting it only costs time).\n\nExamples:\n  gloss build\n  gloss build --root my-site --base-url https://user.github.io/repo/\n  gloss build --output /tmp/site --drafts"
    )]
    Build {
        /// The site root (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Override `base_url` (e.g. https://user.github.io/repo/).
        #[arg(long)]
        base_url: Option<String>,
        /// The output folder (default: `public` under the root).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include briefings marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Keep rebuilding when sources change (no server).
        #[arg(long)]
        watch: bool,
    },
    /// Turn seed text (`seeds/**/*.txt`) into editable markdown in `content/`.
    #[command(after_help = "Examples:\n  gloss ingest\n  gloss ingest seeds/story.txt --force")]
    Ingest {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only these seed files.
        files: Vec<PathBuf>,
        /// Overwrite content files even if they were edited by hand.
        #[arg(long)]
        force: bool,
    },
    /// Print the annotations (quotes, facts, entities) of seed or content files.
    #[command(
        after_help = "Examples:\n  gloss annotate content/story.md\n  gloss annotate --json seeds/*.txt"
    )]
    Annotate {
        /// One JSON object per file, one per line.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Build, serve the site on 127.0.0.1, rebuild on change and live-reload open pages.
    #[command(after_help = "Examples:\n  gloss serve\n  gloss serve --port 8080 --open")]
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to bind; anything but loopback exposes your drafts to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
    /// Build into a temporary folder and check every internal link, anchor and asset.
    #[command(
        after_help = "Examples:\n  gloss check\n  gloss check --base-url https://user.github.io/repo/"
    )]
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        base_url: Option<String>,
        /// Also check links to other sites (needs network).
        #[arg(long)]
        external: bool,
    },
    /// Create a new site in DIR that builds out of the box.
    #[command(
        after_help = "Example:\n  gloss init my-briefings && cd my-briefings && gloss build"
    )]
    Init { dir: PathBuf },
    /// Write a durable, verifiable copy of every briefing, or verify one.
    #[command(
        after_help = "Examples:\n  gloss archive --out archive\n  gloss archive --verify archive"
    )]
    Archive {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the archive (default: `archive` under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Verify an existing archive instead of writing one.
        #[arg(long, value_name = "DIR")]
        verify: Option<PathBuf>,
    },
}

/// Runs the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli.command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Build {
            root,
            base_url,
            output,
            drafts,
            watch,
        } => {
            let opts = BuildOptions {
                output,
                base_url,
                drafts,
                ..BuildOptions::new(root)
            };
            if watch {
                return crate::serve::watch_build(&opts);
            }
            build_once(&opts)
        }
        Command::Ingest { root, files, force } => {
            let config = crate::config::Config::load(&root)?;
            let warnings = crate::error::Warnings::default();
            let report = crate::ingest::sync(
                &root,
                &config,
                &crate::ingest::SyncOptions { force, only: files },
                &warnings,
            )?;
            print_warnings(&warnings.take());
            for p in &report.written {
                eprintln!("wrote {}", site::display_path(&root, p));
            }
            eprintln!(
                "{} written, {} unchanged, {} kept (edited), {} skipped",
                report.written.len(),
                report.unchanged,
                report.kept_edited.len(),
                report.skipped.len()
            );
            Ok(())
        }
        Command::Annotate { json, files } => annotate::run(&files, json),
        Command::Serve {
            root,
            port,
            bind,
            open,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                base_url,
                drafts,
                preview: true,
                ..BuildOptions::new(root)
            };
            crate::serve::serve(&opts, &crate::serve::ServeOptions { port, bind, open })
        }
        Command::Check {
            root,
            base_url,
            external,
        } => {
            let opts = BuildOptions {
                base_url,
                ..BuildOptions::new(root)
            };
            let report = crate::check::check(&opts, external)?;
            print_warnings(&report.warnings);
            for broken in &report.broken {
                eprintln!("broken: {broken}");
            }
            eprintln!(
                "checked {} pages, {} links: {} broken",
                report.pages,
                report.links,
                report.broken.len()
            );
            if report.broken.is_empty() {
                Ok(())
            } else {
                Err(Error::msg(format!("{} broken links", report.broken.len())))
            }
        }
        Command::Init { dir } => init::run(&dir),
        Command::Archive { root, out, verify } => match verify {
            Some(dir) => {
                let problems = crate::archive::verify(&dir)?;
                for p in &problems {
                    eprintln!("{p}");
                }
                if problems.is_empty() {
                    eprintln!("archive {} verified", dir.display());
                    Ok(())
                } else {
                    Err(Error::msg(format!(
                        "archive {}: {} problems",
                        dir.display(),
                        problems.len()
                    )))
                }
            }
            None => {
                let out = out.unwrap_or_else(|| root.join("archive"));
                let n = crate::archive::write(&BuildOptions::new(&root), &out)?;
                eprintln!("archived {n} briefings into {}", out.display());
                Ok(())
            }
        },
    }
}

/// One build, with a spinner on a terminal and a summary line.
pub fn build_once(opts: &BuildOptions) -> Result<()> {
    // A progress bar on a terminal, fed from the build's step counter by a small thread.
    let bar = std::io::stderr().is_terminal().then(|| {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.set_message("annotating and rendering");
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    });
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let feeder = bar.clone().map(|pb| {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (done, total) = site::progress::get();
                pb.set_length(total as u64);
                pb.set_position(done as u64);
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        })
    });
    let started = std::time::Instant::now();
    let result = site::build(opts);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(handle) = feeder {
        let _ = handle.join();
    }
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let report = result?;
    print_warnings(&report.warnings);
    // What the build cache saved is worth knowing when it saved something.
    let redone = if report.rendered < report.briefings {
        format!(
            " ({} annotated, {} rendered)",
            report.annotated, report.rendered
        )
    } else {
        String::new()
    };
    eprintln!(
        "built {} briefings{redone}, {} files ({} changed) into {} in {} ms",
        report.briefings,
        report.files,
        report.changed,
        report.output.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}
