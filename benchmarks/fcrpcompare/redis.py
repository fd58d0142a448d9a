"""Redis 7 as the third system: a private redis-server primary and a `--replicaof` replica on
loopback, persistence off, loaded by `redis-cli --pipe` from pre-generated command files.

The writer is a separate client process here (for Java and Rust it lives in the primary), so
Redis gets two CPU figures: the two servers only, and the servers plus the client.
"""

import os
import random
import shutil
import socket
import time

from . import figures
from .processes import Child, PeerDied, Timeout, run_measured, unix_us

LOOPBACK = "127.0.0.1"
POLL_S = 0.002
START_TIMEOUT_S = 20
# per generated file chunk: bounded memory, few writes
CHUNK_COMMANDS = 20_000


def available():
    """None when Redis can run, otherwise why not."""
    missing = [tool for tool in ("redis-server", "redis-cli") if shutil.which(tool) is None]
    if missing:
        return "%s not on PATH (Debian: apt-get install redis-server)" % " and ".join(missing)
    return None


class Resp:
    """A minimal RESP client for the harness' own look-ups (INFO, DBSIZE, PING)."""

    def __init__(self, port, timeout=5.0):
        self._sock = socket.create_connection((LOOPBACK, port), timeout)
        self._file = self._sock.makefile("rb")

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self._sock.sendall(b"".join(parts))
        return self._reply()

    def _reply(self):
        line = self._file.readline()
        if not line:
            raise ConnectionError("connection closed")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            return None if length < 0 else self._file.read(length + 2)[:-2].decode("utf-8", "replace")
        if kind == b"*":
            return [self._reply() for _ in range(int(rest))]
        raise RuntimeError("unexpected reply %r" % line)

    def info(self, section):
        fields = {}
        for line in self.call("INFO", section).splitlines():
            if ":" in line and not line.startswith("#"):
                name, value = line.split(":", 1)
                fields[name] = value
        return fields

    def close(self):
        self._file.close()
        self._sock.close()


class RedisServer:
    """One redis-server process on a free loopback port, with a connection for look-ups."""

    def __init__(self, workdir, role, replica_of=None):
        for _ in range(3):
            self.port = free_port()
            argv = ["redis-server", "--port", str(self.port), "--bind", LOOPBACK, "--save", "",
                    "--appendonly", "no", "--dir", workdir, "--dbfilename", "dump-%d.rdb" % self.port,
                    # a full sync goes straight from memory to memory: no 5 s wait for more
                    # replicas, no RDB file on the replica's disk (Java and Rust use no disk either)
                    "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                    "--repl-diskless-load", "on-empty-db"]
            if replica_of is not None:
                argv += ["--replicaof", LOOPBACK, str(replica_of)]
            self.child = Child("redis " + role, argv, stdout_is_log=True)
            self.conn = self._connect()
            if self.conn is not None:
                return
            self.child.terminate()
        raise PeerDied("redis %s: could not start on a free port:\n%s" % (role, self.child.stderr_tail()))

    def _connect(self):
        """A connection once the server answers PING; None when it exited (its port was taken)."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.child.proc.poll() is not None:
                return None
            try:
                conn = Resp(self.port)
                if conn.call("PING") == "PONG":
                    return conn
            except (OSError, RuntimeError):
                pass
            time.sleep(0.01)
        raise Timeout("%s did not answer PING within %d s\n%s"
                      % (self.child.name, START_TIMEOUT_S, self.child.stderr_tail()))

    def info(self, section):
        return self.conn.info(section)

    def offset(self):
        """Replication offset: produced on a primary, applied on a replica."""
        return int(self.info("replication")["master_repl_offset"])

    def stop(self):
        try:
            self.conn.close()
        finally:
            self.child.terminate()


class RedisSystem:
    key = "redis"
    title = "Redis %s"
    has_client_process = True
    has_lag = False

    def __init__(self, workdir, version):
        self.title = RedisSystem.title % version
        self._workdir = workdir
        self._files = {}

    def baseline(self, workload, notes):
        """Nothing to do: the empty server's memory is read in the same process before filling."""

    def throughput(self, workload, value_size, keys, count, notes, lag=False):
        fill = self._fill_file(keys, value_size, workload.seed)
        overwrites = self._overwrite_file(keys, count, value_size, workload.seed + 1)
        primary = RedisServer(self._workdir, "primary")
        replica = None
        try:
            self._pipe(primary, fill, workload)
            replica = RedisServer(self._workdir, "replica", replica_of=primary.port)
            self._await_caught_up(primary, replica, primary.offset, workload)
            self._await_no_fork(primary, workload)
            cpu_before = primary.child.cpu_seconds() + replica.child.cpu_seconds()
            started_us = unix_us()
            client_cpu = self._pipe(primary, overwrites, workload)
            done_us = self._await_caught_up(primary, replica, primary.offset, workload)
            cpu = primary.child.cpu_seconds() + replica.child.cpu_seconds() - cpu_before
            if int(primary.info("stats")["sync_full"]) != 1:
                notes.add("Redis replica needed another full sync during the %d B overwrites" % value_size)
        finally:
            stop_all(primary, replica)
        seconds = (done_us - started_us) / 1e6
        return {"rate": count / seconds, "cpu_us": cpu * 1e6 / count,
                "cpu_client_us": (cpu + client_cpu) * 1e6 / count}

    def bootstrap(self, workload, value_size, keys, notes):
        fill = self._fill_file(keys, value_size, workload.seed)
        primary = RedisServer(self._workdir, "primary")
        replica = None
        try:
            rss_empty = primary.child.rss_bytes()
            used_empty = int(primary.info("memory")["used_memory"])
            self._pipe(primary, fill, workload)
            rss_filled = primary.child.rss_bytes()
            used_filled = int(primary.info("memory")["used_memory"])
            cpu_before = primary.child.cpu_seconds()
            started_us = unix_us()
            replica = RedisServer(self._workdir, "replica", replica_of=primary.port)
            done_us = self._await_link_up(replica, workload)
            # the fork that wrote the snapshot counts once the primary has reaped it
            self._await_no_fork(primary, workload)
            cpu = primary.child.cpu_seconds() - cpu_before + replica.child.cpu_seconds()
            rss_replica = replica.child.rss_bytes()
            held = replica.conn.call("DBSIZE")
            if held != keys:
                raise PeerDied("redis replica holds %d keys after its full sync, not %d" % (held, keys))
        finally:
            stop_all(primary, replica)
        seconds = (done_us - started_us) / 1e6
        payload = figures.payload_bytes(keys, value_size)
        return {
            "rate": keys / seconds,
            "mb_s": payload / seconds / 1e6,
            "cpu_us": cpu * 1e6 / keys,
            "mem_rss": (rss_filled - rss_empty - payload) / keys,
            "mem_live": (used_filled - used_empty - payload) / keys,
            "mem_replica_rss": (rss_replica - rss_empty - payload) / keys,
        }

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _pipe(server, path, workload):
        """Sends a command file with `redis-cli --pipe`; returns the client's CPU seconds."""
        out, cpu = run_measured("redis-cli --pipe", ["redis-cli", "-h", LOOPBACK, "-p", str(server.port), "--pipe"],
                                path, workload.timeout)
        if "errors: 0," not in out:
            raise PeerDied("redis-cli --pipe reported errors:\n" + out[-2000:])
        return cpu

    @staticmethod
    def _await_caught_up(primary, replica, target_offset, workload):
        """Unix µs when the replica's applied offset first reached the primary's (polled every 2 ms)."""
        target = target_offset()
        deadline = time.monotonic() + workload.timeout
        while True:
            now_us = unix_us()
            fields = replica.info("replication")
            if fields.get("master_link_status") == "up" and int(fields["master_repl_offset"]) >= target:
                return now_us
            if time.monotonic() > deadline:
                raise Timeout("redis replica did not reach offset %d within %.0f s (at %s)"
                              % (target, workload.timeout, fields.get("master_repl_offset")))
            time.sleep(POLL_S)

    @staticmethod
    def _await_link_up(replica, workload):
        """Unix µs when the replica had loaded the full sync and was streaming."""
        deadline = time.monotonic() + workload.timeout
        while True:
            now_us = unix_us()
            fields = replica.info("replication")
            if fields.get("master_link_status") == "up" and fields.get("master_sync_in_progress") == "0":
                return now_us
            if time.monotonic() > deadline:
                raise Timeout("redis replica did not finish its full sync within %.0f s" % workload.timeout)
            time.sleep(POLL_S)

    @staticmethod
    def _await_no_fork(primary, workload):
        deadline = time.monotonic() + workload.timeout
        while primary.info("persistence").get("rdb_bgsave_in_progress") != "0":
            if time.monotonic() > deadline:
                raise Timeout("redis primary's snapshot fork did not end within %.0f s" % workload.timeout)
            time.sleep(POLL_S)

    def _fill_file(self, keys, value_size, seed):
        return self._file("fill-%d-%d-%d" % (keys, value_size, seed), range(keys), keys, value_size, seed)

    def _overwrite_file(self, keys, count, value_size, seed):
        picks = random.Random(seed)
        return self._file("overwrite-%d-%d-%d-%d" % (keys, count, value_size, seed),
                          (picks.randrange(keys) for _ in range(count)), count, value_size, seed)

    def _file(self, name, key_indices, count, value_size, seed):
        """SET commands in RESP, written once per run and reused by every repetition."""
        path = os.path.join(self._workdir, name + ".resp")
        if path not in self._files:
            write_sets(path, key_indices, count, value_size, random.Random(seed ^ 0x5EED))
            self._files[path] = True
        return path


def write_sets(path, key_indices, count, value_size, values):
    """`SET key-<i> <value_size random bytes>` for each index, as RESP."""
    value_header = b"\r\n$%d\r\n" % value_size
    with open(path, "wb") as out:
        chunk = []
        pool = b""
        for written, index in enumerate(key_indices):
            if written % CHUNK_COMMANDS == 0:
                out.write(b"".join(chunk))
                chunk = []
                pool = values.randbytes(value_size * min(CHUNK_COMMANDS, count - written))
            key = b"key-%d" % index
            start = (written % CHUNK_COMMANDS) * value_size
            value = pool[start:start + value_size]
            chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s%s%s\r\n" % (len(key), key, value_header, value))
        out.write(b"".join(chunk))


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def stop_all(*servers):
    for server in servers:
        if server is not None:
            server.stop()
