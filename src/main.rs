//! The `gloss` binary: parses the command line and hands over to [`gloss::cli`].

fn main() {
    std::process::exit(gloss::cli::main());
}
