//! Link options of the executable.

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
    println!("cargo:rerun-if-changed=build.rs");
}
