//! Links the `tenkai` executable at a fixed address (not position-independent) on Linux.
//!
//! A position-independent executable has its ~38,000 internal pointers (vtables, static string
//! tables, time zone data) patched by the dynamic loader at every start, which writes — and so
//! copies — some 280 pages. Each command is a short process, so that was a tenth of a report's run
//! time: `tenkai --version` took 3.7 ms and 460 page faults as a PIE, 2.4 ms and 176 without, and
//! a PDF render's peak memory fell by 2 MiB (see BENCHMARKS.md). The cost is that the executable
//! itself is not placed at a random address (libraries, heap and stack still are).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
