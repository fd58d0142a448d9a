#!/usr/bin/env bash
# Builds the FCRP reference peer twice (release, locked), once per published reference crate, and
# prints the absolute path of each binary on stdout (0.1.0 first, then 0.7.1).
# Cargo's own progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if ! command -v cargo >/dev/null 2>&1; then
    echo "build.sh: cargo not found (install Rust >= 1.90)" >&2
    exit 1
fi
# shardmap 0.1.0 (the default feature): target/release, where the benchmarks look for it too
cargo build --release --locked >&2
echo "$here/target/release/fcrp-ref-peer"
# shardmap 0.7.1: its own target directory, so neither build overwrites the other's binary
cargo build --release --locked --no-default-features --features shardmap-0-7 \
    --target-dir "$here/target/shardmap-0.7.1" >&2
echo "$here/target/shardmap-0.7.1/release/fcrp-ref-peer"
