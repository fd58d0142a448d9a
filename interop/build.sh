#!/usr/bin/env bash
# Builds the FCRP reference peer (release) and prints the absolute path of the binary on stdout.
# Cargo's own progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if ! command -v cargo >/dev/null 2>&1; then
    echo "build.sh: cargo not found (install Rust >= 1.90)" >&2
    exit 1
fi
cargo build --release --locked >&2
echo "$here/target/release/fcrp-ref-peer"
