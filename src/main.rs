//! The `gloss` binary: parses the command line and hands over to [`gloss::cli`].

/// mimalloc instead of the system allocator: rendering thousands of pages on several threads
/// is allocation-heavy, and glibc's malloc took a quarter of a cold build's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(gloss::cli::main());
}
