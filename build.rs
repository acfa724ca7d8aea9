//! Link options of the executable.

use std::process::Command;

fn main() {
    // On Linux with glibc, the executable's relative relocations (the addresses in its read-only
    // data, which the loader adjusts at every start of a position-independent executable) are
    // stored packed (DT_RELR, glibc 2.36 and binutils 2.38 or later): a few kilobytes the loader
    // reads instead of a 24-byte entry for each of some 46,000 addresses (1.1 MB).
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    // The functions a small render runs, placed together at the start of the code (link/order.txt,
    // written by benches/order.py): the kernel then maps a few megabytes of code for a render
    // instead of most of the executable's 12 MB, as a page's neighbours come with it. Optimised
    // builds only, and only where the linker is Rust's own lld (the default for this target from
    // Rust 1.90), which reads the list; a symbol it no longer finds is skipped.
    let order = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("link/order.txt");
    if std::env::var("PROFILE").as_deref() == Ok("release")
        && links_with_rust_lld()
        && order.is_file()
    {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=link/order.txt");
}

/// Whether rustc links with its own lld: on x86_64 Linux with glibc from Rust 1.90, unless the
/// flags choose another linker.
fn links_with_rust_lld() -> bool {
    if std::env::var("TARGET").as_deref() != Ok("x86_64-unknown-linux-gnu") {
        return false;
    }
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("link") || std::env::var_os("RUSTC_LINKER").is_some() {
        return false;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = Command::new(rustc).arg("-vV").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let minor = text
        .lines()
        .find_map(|l| l.strip_prefix("release: 1."))
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    minor.is_some_and(|m| m >= 90)
}
