"""The two FCRP systems, the Java engine (`bin/fcrp`) and the Rust reference (`fcrp-ref-peer`).

Both speak the same stdin/stdout contract, so one driver measures both:
  primary: `READY <port>`, `load 0` -> `LOADED 0 WATERMARKS <w,...>` (flushed), `overwrite ...`,
           `memory` (Java only), `quit`;
  replica: `--stdin-commands --progress-ms MS` -> `PROGRESS <unix_us> <watermark_sum>` lines.
"""

import json

from . import figures
from .processes import Child, PeerDied, unix_us

LOOPBACK = "127.0.0.1"
# a backlog this small keeps no complete batch, so a new replica must be served a snapshot
SNAPSHOT_ONLY_BACKLOG_BYTES = 4096


class FcrpSystem:
    has_client_process = False
    has_lag = True

    def __init__(self, key, title, primary_argv, replica_argv, env=None, memory_command=False):
        self.key = key
        self.title = title
        self._primary_argv = primary_argv
        self._replica_argv = replica_argv
        self._env = env
        self._memory_command = memory_command
        self._baseline = None

    # -- processes -----------------------------------------------------------------------------

    def _start_primary(self, workload, keys, value_size, backlog_bytes=None):
        argv = self._primary_argv + ["--bind", LOOPBACK + ":0", "--shards", str(workload.shards),
                                     "--keys", str(keys), "--value-size", str(value_size),
                                     "--seed", str(workload.seed)]
        if backlog_bytes is not None:
            argv += ["--backlog-bytes", str(backlog_bytes)]
        primary = Child(self.key + " primary", argv, env=self._env)
        port = int(primary.expect("READY ", workload.timeout).split()[1])
        return primary, port

    def _start_replica(self, workload, port):
        argv = self._replica_argv + ["--of", "%s:%d" % (LOOPBACK, port), "--stdin-commands",
                                     "--progress-ms", str(workload.progress_ms)]
        return Child(self.key + " replica", argv, env=self._env)

    @staticmethod
    def _published_sum(primary, workload):
        """The primary's watermark sum with nothing pending (`load 0` flushes first)."""
        return figures.watermark_sum(primary.ask("load 0", "LOADED ", workload.timeout).split()[3])

    def _live_bytes(self, primary, workload):
        """heap_used + direct_used after a full GC (Java's `memory` command); None elsewhere."""
        if not self._memory_command:
            return None
        line = primary.ask("memory", "MEMORY ", workload.timeout)
        words = dict(word.split("=", 1) for word in line.split()[1:])
        return int(words["heap_used"]) + int(words["direct_used"])

    @staticmethod
    def _stop(primary, replica, notes):
        """Stops both; returns the replica's final JSON object ({} if it gave none).
        Reconnects and warnings of the replica are worth a note under the table."""
        report = {}
        if replica is not None:
            for line in replica.stderr_lines("WARN")[:1]:
                notes.add("%s logged: %s" % (replica.name, line.strip()[:200]))
            if replica.proc.poll() is None:
                replica.send("quit")
                try:
                    report = json.loads(replica.expect("{", 120))
                except (PeerDied, ValueError):
                    pass
            replica.quit(command=None)
        if primary is not None:
            primary.quit()
        return report

    # -- phases --------------------------------------------------------------------------------

    def baseline(self, workload, notes):
        """Memory of an empty primary, and of a replica following it: what the memory figures
        subtract. Read before anything else runs in the processes, like the filled ones."""
        primary, port = self._start_primary(workload, 0, workload.small_value, SNAPSHOT_ONLY_BACKLOG_BYTES)
        replica = None
        try:
            rss_primary = primary.rss_bytes()
            live = self._live_bytes(primary, workload)
            replica = self._start_replica(workload, port)
            target = self._published_sum(primary, workload)
            replica.wait_sample(lambda s: s.watermark_sum == target, 0, workload.timeout)
            rss_replica = replica.rss_bytes()
        finally:
            self._stop(primary, replica, notes)
        self._baseline = {"rss_primary": rss_primary, "live": live, "rss_replica": rss_replica}

    def throughput(self, workload, value_size, keys, count, notes, lag=False):
        """Flat-out overwrites from the writer in the primary, timed until the replica applied
        them all; then, if asked, the fixed-rate run for the lag figures on the same pair."""
        primary, port = self._start_primary(workload, keys, value_size)
        replica = None
        try:
            replica = self._start_replica(workload, port)
            base = self._published_sum(primary, workload)
            replica.wait_sample(lambda s: s.watermark_sum == base, 0, workload.timeout)
            result = {}
            if count:
                result = self._overwrite(workload, primary, replica, base, count, value_size, 0, workload.seed + 1)
            if lag:
                base = (base + count) % figures.WATERMARK_MODULUS
                rate = workload.lag_rate
                scheduled = self._overwrite(workload, primary, replica, base, int(rate * workload.lag_seconds),
                                            value_size, rate, workload.seed + 2)
                result.update(("lag." + name, value) for name, value in scheduled.items())
        finally:
            self._stop(primary, replica, notes)
        return result

    @staticmethod
    def _overwrite(workload, primary, replica, base, count, value_size, rate, seed):
        first_sample = replica.sample_count()
        cpu_before = primary.cpu_seconds() + replica.cpu_seconds()
        primary.send("overwrite %d %d %d %d" % (count, value_size, rate, seed))
        t0_us = int(primary.expect("OVERWRITE_STARTED ", workload.timeout).split()[1])
        written = primary.expect("OVERWROTE ", workload.timeout).split()
        writer_us = int(written[2])
        last, done = replica.wait_sample(
            lambda s: figures.applied_since(s.watermark_sum, base) >= count, first_sample, workload.timeout)
        cpu = primary.cpu_seconds() + replica.cpu_seconds() - cpu_before
        seconds = (done.unix_us - t0_us) / 1e6
        result = {"rate": count / seconds, "cpu_us": cpu * 1e6 / count, "writer_rate": count * 1e6 / max(writer_us, 1)}
        if rate:
            lags = figures.lags_us(replica.samples(first_sample, last + 1), t0_us, rate, base, count)
            # the last Set is due at T0 + (count-1)/R; later than that, the writer fell behind its schedule
            result.update({
                "p50_ms": figures.percentile(lags, 0.50) / 1e3,
                "p99_ms": figures.percentile(lags, 0.99) / 1e3,
                "max_ms": max(lags) / 1e3,
                "writer_late_ms": max(0.0, writer_us - (count - 1) * 1e6 / rate) / 1e3,
            })
        return result

    def bootstrap(self, workload, value_size, keys, notes):
        """A new replica of a filled primary whose backlog cannot serve it: the snapshot's speed,
        and the memory per entry of both processes."""
        primary, port = self._start_primary(workload, keys, value_size, SNAPSHOT_ONLY_BACKLOG_BYTES)
        replica = None
        try:
            # RSS first: the `memory` command's full GC may give memory back to the system
            rss_primary = primary.rss_bytes()
            live = self._live_bytes(primary, workload)
            target = self._published_sum(primary, workload)
            replica = self._start_replica(workload, port)
            # timed from the replica process's first progress sample: a process that is up and
            # connecting (a Karaf replica bootstraps inside a running JVM, so start-up is no part of it)
            _, first = replica.wait_sample(lambda s: True, 0, workload.timeout)
            cpu_before = primary.cpu_seconds() + replica.cpu_seconds()
            started_us = first.unix_us
            _, done = replica.wait_sample(lambda s: s.watermark_sum == target, 0, workload.timeout)
            cpu = primary.cpu_seconds() + replica.cpu_seconds() - cpu_before
            rss_replica = replica.rss_bytes()
        finally:
            report = self._stop(primary, replica, notes)
        if report.get("bootstrap", "snapshot") != "snapshot":
            notes.add("%s bootstrapped from the %s, not a snapshot" % (replica.name, report["bootstrap"]))
        seconds = (done.unix_us - started_us) / 1e6
        payload = figures.payload_bytes(keys, value_size)
        base = self._baseline or {}
        return {
            "rate": keys / seconds,
            "mb_s": payload / seconds / 1e6,
            "cpu_us": cpu * 1e6 / keys,
            "mem_rss": per_entry(rss_primary, base.get("rss_primary"), payload, keys),
            "mem_live": per_entry(live, base.get("live"), payload, keys),
            "mem_replica_rss": per_entry(rss_replica, base.get("rss_replica"), payload, keys),
        }


def per_entry(filled, empty, payload, keys):
    """Bytes per entry beyond its key and value: (filled - empty - key/value bytes) / entries."""
    if filled is None or empty is None:
        return None
    return (filled - empty - payload) / keys
