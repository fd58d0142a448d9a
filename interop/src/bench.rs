//! The benchmark pieces, with the same stdin/stdout contract as the Java `fcrp` tool
//! (docs/benchmarks.md): the primary's `overwrite` writer and the replica's `PROGRESS` lines.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use shardmap::replication::{ReplicatedEmbeddedStore, ReplicationReplicaClient};

use crate::rng::SplitMix64;

pub fn unix_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

/// `overwrite COUNT VALUE_SIZE RATE SEED`: COUNT Sets of VALUE_SIZE random bytes on random keys
/// `key-0 … key-(keys-1)`, flat out (RATE 0) or on a fixed schedule where Set i (from 0) is due
/// at T0 + i/RATE. Prints `OVERWRITE_STARTED <t0_unix_us>` before the first Set and returns the
/// microseconds from T0 until the last one was written.
pub fn overwrite(
    store: &ReplicatedEmbeddedStore,
    keys: u64,
    count: u64,
    value_size: usize,
    rate_per_s: u64,
    seed: u64,
) -> std::io::Result<u64> {
    let mut rng = SplitMix64::new(seed);
    let started = Instant::now();
    // stdout is re-entrant, so this works while the command loop holds its lock
    let mut out = std::io::stdout();
    writeln!(out, "OVERWRITE_STARTED {}", unix_us())?;
    out.flush()?;
    let interval_ns = if rate_per_s > 0 {
        1e9 / rate_per_s as f64
    } else {
        0.0
    };
    for i in 0..count {
        if rate_per_s > 0 {
            let due = started + Duration::from_nanos((i as f64 * interval_ns) as u64);
            let now = Instant::now();
            if due > now {
                // the timer overshoots by tens of microseconds; the Sets due by then go out together
                thread::sleep(due - now);
            }
        }
        let value = rng.bytes(value_size);
        let key = format!("key-{}", rng.below(keys)).into_bytes();
        store.set(key, value, None);
    }
    Ok(started.elapsed().as_micros() as u64)
}

/// `replica --progress-ms MS`: a thread printing `PROGRESS <unix_us> <sum>` every MS ms, where
/// sum is the sum of the replica's applied watermarks (wrapping at 2^64). Each applied mutation
/// adds one. A line is printed at every tick, also when nothing moved, so a stall shows.
pub struct ProgressPrinter {
    stop: Arc<AtomicBool>,
    join: Option<JoinHandle<()>>,
}

impl ProgressPrinter {
    pub fn start(client: &ReplicationReplicaClient, period: Duration) -> Self {
        let replica = client.replica();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let join = thread::spawn(move || {
            let mut next = Instant::now();
            while !stopped.load(Ordering::Relaxed) {
                // the lock also guards the apply path: hold it only to add up the watermarks
                let sum = replica
                    .lock()
                    .watermarks()
                    .as_slice()
                    .iter()
                    .fold(0u64, |sum, w| sum.wrapping_add(*w));
                println!("PROGRESS {} {sum}", unix_us());
                // a fixed schedule; ticks missed while descheduled are skipped
                next += period;
                let now = Instant::now();
                if next < now {
                    next = now;
                }
                thread::sleep(next - now);
            }
        });
        Self {
            stop,
            join: Some(join),
        }
    }

    /// Stops the thread and waits for it, so no PROGRESS line follows.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(join) = self.join.take() {
            let _ = join.join();
        }
    }
}
