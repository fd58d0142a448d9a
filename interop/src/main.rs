//! `fcrp-ref-peer`: a thin command-line driver around the Rust reference implementation of
//! FCRP v1, so that the Java implementation can be tested against it as a subprocess.
//!
//! Everything protocol-related (frame encoding/decoding, the primary's TCP server, the replica's
//! TCP client, the replicated store) is done by the reference crate's public API; this program
//! only parses arguments, generates data, computes the digest and prints results.
//!
//! One build drives one published crate, chosen by a cargo feature: `shardmap` 0.1.0 (the wire of
//! 0.1–0.5, the default) or 0.7.1 (the same wire plus the governance dialect of 0.6–0.7). The
//! alias below gives both the name `shardmap`; `cfg(feature = "shardmap-0-7")` marks the few
//! places where their APIs differ.

#[cfg(all(feature = "shardmap-0-1", feature = "shardmap-0-7"))]
compile_error!("choose one reference crate: build 0.7.1 with `--no-default-features --features shardmap-0-7`");
#[cfg(not(any(feature = "shardmap-0-1", feature = "shardmap-0-7")))]
compile_error!("choose a reference crate: feature `shardmap-0-1` (default) or `shardmap-0-7`");
#[cfg(feature = "shardmap-0-1")]
extern crate shardmap_0_1 as shardmap;
#[cfg(feature = "shardmap-0-7")]
extern crate shardmap_0_7 as shardmap;

/// The exact published crate this binary drives (pinned with `=` in Cargo.toml).
#[cfg(feature = "shardmap-0-1")]
const REFERENCE_CRATE: &str = "shardmap 0.1.0";
#[cfg(feature = "shardmap-0-7")]
const REFERENCE_CRATE: &str = "shardmap 0.7.1";

mod args;
mod bench;
mod digest;
mod json;
mod primary;
mod replica;
mod rng;
mod vectors;

use std::process::ExitCode;

const USAGE: &str = "usage:
  fcrp-ref-peer primary --bind ADDR [--shards N] [--token T] [--compression none|zstd]
                        [--keys N] [--value-size B] [--seed S] [--backlog-bytes B]
                        [--send-policy immediate|batch]
  fcrp-ref-peer replica --of ADDR [--token T] [--until-keys N] [--until-digest HEX]
                        [--until-quiet-ms MS] [--timeout S] [--stdin-commands]
                        [--progress-ms MS]
  fcrp-ref-peer vectors [--file interop/vectors.json]
  fcrp-ref-peer decode   (reads '<name> <hex>' lines from stdin)
  fcrp-ref-peer version  (prints the reference crate, e.g. 'shardmap 0.7.1')";

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = argv.first().cloned() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &argv[1..];
    let result = match command.as_str() {
        "primary" => {
            init_tracing();
            args::Args::parse(rest).and_then(|a| primary::run(&a))
        }
        "replica" => {
            init_tracing();
            args::Args::parse(rest).and_then(|a| replica::run(&a))
        }
        "vectors" => args::Args::parse(rest).and_then(|a| vectors::run_vectors(&a)),
        "decode" => args::Args::parse(rest).and_then(|_| vectors::run_decode()),
        "version" => {
            println!("{REFERENCE_CRATE}");
            Ok(0)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(args::CliError::Usage(format!("unknown subcommand `{other}`"))),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(args::CliError::Usage(message)) => {
            eprintln!("fcrp-ref-peer: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(args::CliError::Failed(message)) => {
            eprintln!("fcrp-ref-peer: {message}");
            ExitCode::from(1)
        }
    }
}
