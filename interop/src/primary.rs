//! `primary`: a reference `ReplicatedEmbeddedStore` served by the reference
//! `ReplicationPrimaryServer`, driven by line commands on stdin.

use std::io::{BufRead, Write};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;

use shardmap::config::{
    ReplicationCompression, ReplicationConfig, ReplicationRole, ReplicationSendPolicy,
};
use shardmap::replication::{ReplicatedEmbeddedStore, ReplicationPrimaryServer, SnapshotProvider};

use crate::args::{Args, CliError, CliResult, failed};
use crate::bench;
use crate::digest::{digest, join_u64, now_ms};
use crate::rng::SplitMix64;

/// XOR-ed into `--seed` for the `load` stream, so that prefill and load are independent streams.
pub const LOAD_SEED_SALT: u64 = 0x5EED_5EED_5EED_5EED;
const HOUR_MS: u64 = 3_600_000;

struct Primary {
    store: Arc<ReplicatedEmbeddedStore>,
    rng: SplitMix64,
    /// The pre-filled keys `key-0 … key-(keys-1)`, which `overwrite` writes.
    keys: u64,
    key_space: u64,
    value_size: usize,
}

pub fn run(args: &Args) -> CliResult<u8> {
    let bind = args.required("--bind")?;
    let shards: usize = args.parsed_or("--shards", 4)?;
    if shards == 0 || !shards.is_power_of_two() {
        return Err(CliError::Usage("--shards must be a non-zero power of two".into()));
    }
    let keys: u64 = args.parsed_or("--keys", 0)?;
    let value_size: usize = args.parsed_or("--value-size", 64)?;
    let seed: u64 = args.parsed_or("--seed", 1)?;
    let compression = match args.string("--compression").as_deref() {
        None | Some("none") => ReplicationCompression::None,
        Some("zstd") => ReplicationCompression::Zstd,
        Some(other) => return Err(CliError::Usage(format!("unknown compression `{other}`"))),
    };
    let send_policy = match args.string("--send-policy").as_deref() {
        None | Some("batch") => ReplicationSendPolicy::Batch,
        Some("immediate") => ReplicationSendPolicy::Immediate,
        Some(other) => return Err(CliError::Usage(format!("unknown send policy `{other}`"))),
    };
    let defaults = ReplicationConfig::default();
    let bind_addr = resolve_bind(&bind)?;
    let config = ReplicationConfig {
        enabled: true,
        role: ReplicationRole::Primary,
        bind_addr: bind_addr.to_string(),
        auth_token: args.string("--token"),
        compression,
        send_policy,
        backlog_bytes: args.parsed_or("--backlog-bytes", defaults.backlog_bytes)?,
        ..defaults
    };

    let store = Arc::new(
        ReplicatedEmbeddedStore::new(shards, config.clone())
            .map_err(failed("cannot create the replicated store"))?,
    );

    // Deterministic prefill: key-<i> -> value_size bytes from one SplitMix64 stream seeded with
    // --seed, keys in order 0..keys.
    let mut prefill = SplitMix64::new(seed);
    for i in 0..keys {
        let value = prefill.bytes(value_size);
        store.set(format!("key-{i}").into_bytes(), value, None);
    }

    let snapshots: Arc<dyn SnapshotProvider> = store.clone();
    let server = ReplicationPrimaryServer::start(config, store.primary(), snapshots)
        .map_err(failed("cannot start the replication server"))?;

    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "READY {}", bind_addr.port()).map_err(failed("stdout"))?;
    stdout.flush().map_err(failed("stdout"))?;

    let mut primary = Primary {
        store: Arc::clone(&store),
        rng: SplitMix64::new(seed ^ LOAD_SEED_SALT),
        keys,
        key_space: (keys * 2).max(16),
        value_size,
    };
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let (answer, quit) = primary.command(&words);
        writeln!(stdout, "{answer}").map_err(failed("stdout"))?;
        stdout.flush().map_err(failed("stdout"))?;
        if quit {
            break;
        }
    }
    server
        .shutdown()
        .map_err(failed("replication server shutdown"))?;
    drop(primary);
    drop(store);
    Ok(0)
}

/// Resolves `--bind`; a port of 0 is replaced by a free port found by binding and dropping a
/// listener, because `ReplicationPrimaryServer` does not report the address it bound.
fn resolve_bind(bind: &str) -> CliResult<SocketAddr> {
    let addr = bind
        .to_socket_addrs()
        .map_err(|e| CliError::Usage(format!("invalid --bind `{bind}`: {e}")))?
        .next()
        .ok_or_else(|| CliError::Usage(format!("--bind `{bind}` resolves to nothing")))?;
    if addr.port() != 0 {
        return Ok(addr);
    }
    let probe = TcpListener::bind(addr).map_err(failed("cannot find a free port"))?;
    let chosen = probe.local_addr().map_err(failed("cannot find a free port"))?;
    drop(probe);
    Ok(chosen)
}

impl Primary {
    fn command(&mut self, words: &[&str]) -> (String, bool) {
        match words {
            ["load", n] => match n.parse::<u64>() {
                Ok(n) => (self.load(n), false),
                Err(_) => (format!("ERR invalid count `{n}`"), false),
            },
            ["overwrite", count, value_size, rate, seed] => {
                match (count.parse(), value_size.parse(), rate.parse(), seed.parse()) {
                    (Ok(count), Ok(value_size), Ok(rate), Ok(seed)) => {
                        (self.overwrite(count, value_size, rate, seed), false)
                    }
                    _ => (
                        format!(
                            "ERR usage: overwrite COUNT VALUE_SIZE RATE_PER_S SEED (whole numbers), not `{}`",
                            words.join(" ")
                        ),
                        false,
                    ),
                }
            }
            ["set", key, value] => {
                self.store
                    .set(key.as_bytes().to_vec(), value.as_bytes().to_vec(), None);
                ("OK".into(), false)
            }
            ["gset", key, value, governance, ttl @ ..] if ttl.len() <= 1 => {
                match ttl.first().map(|ms| ms.parse::<u64>()).transpose() {
                    Ok(ttl) => (self.governed_set(key, value, governance, ttl), false),
                    Err(_) => (format!("ERR invalid TTL `{}`", ttl[0]), false),
                }
            }
            ["del", key] => {
                self.store.delete(key.as_bytes());
                ("OK".into(), false)
            }
            ["expire", key, at] => match at.parse::<u64>() {
                Ok(at) => {
                    self.store.expire(key.as_bytes(), at);
                    ("OK".into(), false)
                }
                Err(_) => (format!("ERR invalid instant `{at}`"), false),
            },
            ["persist", key] => {
                self.persist(key.as_bytes());
                ("OK".into(), false)
            }
            ["digest"] => {
                let (hex, live) = digest(self.store.inner().entry_snapshot());
                (format!("DIGEST {hex} {live}"), false)
            }
            ["watermarks"] => (format!("WATERMARKS {}", self.watermarks()), false),
            ["quit"] => ("BYE".into(), true),
            _ => (format!("ERR unknown command `{}`", words.join(" ")), false),
        }
    }

    /// The replicated store has no `persist`; `expire(key, u64::MAX)` is the public-API way to
    /// emit an Expire record whose expiry field is the "no expiry" sentinel (= PERSIST on the
    /// wire and on the replica). Locally the key keeps an expiry of u64::MAX, which the digest
    /// encodes exactly like "no expiry".
    fn persist(&self, key: &[u8]) {
        self.store.expire(key, u64::MAX);
    }

    /// `gset KEY VALUE GOVERNANCE [TTL_MS]`: a value with governance metadata, which 0.7.1 hides
    /// from plain reads and replicates as op 4 (live) or in a GOV2 snapshot chunk.
    #[cfg(feature = "shardmap-0-7")]
    fn governed_set(&self, key: &str, value: &str, governance: &str, ttl_ms: Option<u64>) -> String {
        self.store.set_with_governance(
            key.as_bytes().to_vec(),
            value.as_bytes().to_vec(),
            ttl_ms,
            governance.as_bytes().to_vec(),
        );
        "OK".into()
    }

    #[cfg(not(feature = "shardmap-0-7"))]
    fn governed_set(&self, _: &str, _: &str, _: &str, _: Option<u64>) -> String {
        format!("ERR gset: {} has no governed values (use the shardmap 0.7.1 peer)", crate::REFERENCE_CRATE)
    }

    fn load(&mut self, n: u64) -> String {
        for _ in 0..n {
            let key = format!("key-{}", self.rng.below(self.key_space)).into_bytes();
            let roll = self.rng.below(100);
            if roll < 70 {
                let value = self.rng.bytes(self.value_size);
                let ttl = (self.rng.below(5) == 0).then(|| HOUR_MS + self.rng.below(HOUR_MS));
                self.store.set(key, value, ttl);
            } else if roll < 85 {
                self.store.delete(&key);
            } else if self.rng.below(2) == 0 {
                let at = now_ms() + HOUR_MS + self.rng.below(HOUR_MS);
                self.store.expire(&key, at);
            } else {
                self.persist(&key);
            }
        }
        format!("LOADED {n} WATERMARKS {}", self.watermarks())
    }

    /// `overwrite`: answers `OVERWRITE_STARTED <t0_unix_us>` (printed by the writer as it starts)
    /// and then `OVERWROTE <count> <elapsed_us> WATERMARKS <w0,...>`.
    fn overwrite(&mut self, count: u64, value_size: usize, rate: u64, seed: u64) -> String {
        if self.keys == 0 {
            return "ERR overwrite needs pre-filled keys (start the primary with --keys N)".into();
        }
        match bench::overwrite(&self.store, self.keys, count, value_size, rate, seed) {
            Ok(elapsed_us) => format!(
                "OVERWROTE {count} {elapsed_us} WATERMARKS {}",
                self.watermarks()
            ),
            Err(error) => format!("ERR stdout: {error}"),
        }
    }

    /// Flushes pending batches (metrics_snapshot flushes and waits, bounded by 250 ms in the
    /// reference) and returns the primary's published watermarks.
    fn watermarks(&self) -> String {
        let _ = self.store.metrics_snapshot();
        join_u64(self.store.primary().current_watermarks().as_slice())
    }
}
