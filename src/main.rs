//! The `tenkai` command line: a thin shell over the library. Parses arguments, opens the store,
//! calls the library and prints. Data goes to stdout, messages to stderr.

#![forbid(unsafe_code)]

mod cli;

fn main() {
    let mut phases = tenkai::profile::Phases::start();
    let code = cli::main();
    phases.done("main (whole)");
    std::process::exit(code);
}
