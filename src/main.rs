//! The `tenkai` command line: a thin shell over the library. Parses arguments, opens the store,
//! calls the library and prints. Data goes to stdout, messages to stderr.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
