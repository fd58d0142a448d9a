"""bin/fcrp-compare: the same replication workload on the Java engine (G1 and parallel GC), the
Rust reference and Redis, each as a primary and a replica process on loopback; one table."""

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time

from . import build, redis, tls
from .fcrp import FcrpSystem
from .processes import MachineCpu, PeerDied, Timeout, install_cleanup, stop_all
from .redis import RedisSystem
from .report import TLS_COLUMN, size_label, table

SYSTEMS = ("java-g1", "java-parallel", "rust", "redis")
PHASES = ("throughput", "bootstrap", "lag")
JAVA_GC = {"java-g1": ("-XX:+UseG1GC", "Java, G1 (default)"),
           "java-parallel": ("-XX:+UseParallelGC", "Java, parallel GC")}
# --tls: the G1 column again with TLS 1.3 between primary and replica, right after it
TLS_SYSTEM = (TLS_COLUMN, "Java, G1, TLS")

# the default run (about 6 minutes on 2 quiet cores) and --quick (about 2 minutes)
PRESETS = {
    "default": dict(reps=3, keys=1_000_000, overwrites=2_000_000, keys_large=250_000, overwrites_large=400_000,
                    bootstrap_keys=1_000_000, bootstrap_keys_large=250_000, lag_rate=200_000, lag_seconds=10.0),
    "quick": dict(reps=3, keys=200_000, overwrites=400_000, keys_large=50_000, overwrites_large=80_000,
                  bootstrap_keys=200_000, bootstrap_keys_large=50_000, lag_rate=200_000, lag_seconds=5.0),
}

EPILOG = """\
figures (see docs/benchmarks.md for how each is measured):
  throughput  flat-out random overwrites from one writer, timed from the first write until the
              replica has applied the last one; CPU time of the primary and replica processes
              (Redis: also with the redis-cli client) per mutation
  bootstrap   a new replica of a filled primary whose backlog cannot serve it (snapshot), timed
              from starting the replica until it holds everything; memory per entry beyond
              key + value bytes (RSS; Java also live heap + direct buffers; Redis used_memory)
  lag         a fixed offered rate; lag = time - (T0 + applied/rate) at each 1 ms replica sample
JAVA_OPTS from the environment is ignored: each Java column sets its collector itself (and
--java-opts is added to both).
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="fcrp-compare", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Side-by-side replication benchmark: the Java engine with G1 and with the parallel "
                    "collector, the Rust reference (shardmap 0.1.0) and Redis 7, each as two processes "
                    "(primary and replica) on 127.0.0.1.")
    number = dict(type=int, metavar="N")
    parser.add_argument("--quick", action="store_true", help="a short run (about 2 minutes): 200,000 keys, "
                        "400,000 overwrites, smaller 1 KiB and bootstrap sets, 5 s of lag")
    parser.add_argument("--reps", **number, help="repetitions, interleaved A B C A B C ... (default 3)")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="comma-separated subset of %s (default: all)" % ",".join(SYSTEMS))
    parser.add_argument("--phases", default=",".join(PHASES),
                        help="comma-separated subset of %s (default: all)" % ",".join(PHASES))
    parser.add_argument("--keys", **number, help="pre-filled keys for the small-value throughput run (1,000,000)")
    parser.add_argument("--overwrites", **number, help="random overwrites of small values (2,000,000)")
    parser.add_argument("--keys-large", **number, help="pre-filled keys for the large-value run (250,000)")
    parser.add_argument("--overwrites-large", **number, help="random overwrites of large values (400,000)")
    parser.add_argument("--bootstrap-keys", **number, help="entries of small values for the bootstrap (1,000,000)")
    parser.add_argument("--bootstrap-keys-large", **number,
                        help="entries of large values for the bootstrap (250,000)")
    parser.add_argument("--small-value", type=int, default=64, metavar="B", help="small value size (64)")
    parser.add_argument("--large-value", type=int, default=1024, metavar="B", help="large value size (1024)")
    parser.add_argument("--lag-rate", **number, help="offered mutations/s for the lag run (200,000)")
    parser.add_argument("--lag-seconds", type=float, metavar="S", help="length of the lag run (10)")
    parser.add_argument("--progress-ms", type=int, default=1, metavar="MS",
                        help="replica progress sampling period (1)")
    parser.add_argument("--shards", type=int, default=16, metavar="N",
                        help="shards of the Java and Rust stores (16, the Java default)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (1)")
    parser.add_argument("--tls", action="store_true",
                        help="add the column '%s': Java with G1 and TLS 1.3 between primary and replica "
                             "(throwaway certificates made with keytool), to measure what TLS costs" % TLS_SYSTEM[1])
    parser.add_argument("--java-opts", default="", metavar="OPTS",
                        help="extra JVM options for both Java columns, e.g. '-Xmx8g'")
    parser.add_argument("--timeout", type=float, default=300, metavar="S",
                        help="longest wait for any one step before giving up (300)")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the Java engine and the Rust peer first (otherwise only when missing)")
    parser.add_argument("--json", metavar="FILE", help="also write every repetition's figures to FILE")
    args = parser.parse_args(argv)

    preset = PRESETS["quick" if args.quick else "default"]
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.systems = _subset(parser, "--systems", args.systems, SYSTEMS)
    args.phases = _subset(parser, "--phases", args.phases, PHASES)
    for name in ("reps", "keys", "keys_large", "bootstrap_keys", "bootstrap_keys_large", "lag_rate",
                 "progress_ms", "shards", "small_value", "large_value"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name.replace("_", "-"))
    if args.lag_seconds <= 0 or args.timeout <= 0:
        parser.error("--lag-seconds and --timeout must be positive")
    return args


def _subset(parser, option, text, allowed):
    chosen = [word.strip() for word in text.split(",") if word.strip()]
    unknown = [word for word in chosen if word not in allowed]
    if unknown or not chosen:
        parser.error("%s takes a comma-separated subset of %s, not '%s'" % (option, ",".join(allowed), text))
    return [word for word in allowed if word in chosen]


def log(message):
    print("fcrp-compare: " + message, file=sys.stderr, flush=True)


def java_system(key, title, flag, args, primary_options=(), replica_options=()):
    env = dict(os.environ, JAVA_OPTS=" ".join(filter(None, [flag, args.java_opts])))
    return FcrpSystem(key, title, [build.FCRP, "primary"] + list(primary_options),
                      [build.FCRP, "replica", "--timeout", "0"] + list(replica_options), env=env, memory_command=True)


def make_systems(args, workdir, notes):
    systems = []
    if args.tls or any(key.startswith("java") for key in args.systems):
        build.ensure_java(args.rebuild, log)
    if "rust" in args.systems:
        build.ensure_rust(args.rebuild, log)
    for key in args.systems:
        if key in JAVA_GC:
            flag, title = JAVA_GC[key]
            systems.append(java_system(key, title, flag, args))
        elif key == "rust":
            systems.append(FcrpSystem(key, "Rust reference", [build.RUST_PEER, "primary"],
                                      [build.RUST_PEER, "replica"]))
        elif key == "redis":
            why_not = redis.available()
            if why_not:
                log("skipping Redis: " + why_not)
                notes.add("Redis skipped: " + why_not)
            else:
                systems.append(RedisSystem(workdir, build.redis_version()))
    if args.tls:
        primary_options, replica_options = tls.certificates(os.path.join(workdir, "tls"), log)
        key, title = TLS_SYSTEM
        after_g1 = next((i + 1 for i, system in enumerate(systems) if system.key == "java-g1"), 0)
        systems.insert(after_g1, java_system(key, title, JAVA_GC["java-g1"][0], args, primary_options,
                                             replica_options))
    return systems


def run_repetition(system, args, results, notes):
    """All phases of one system once; figures are appended to results[system.key]."""
    figures = results.setdefault(system.key, {})

    def keep(prefix, values):
        for name, value in values.items():
            figures.setdefault(name if name.startswith("lag.") else prefix + name, []).append(value)

    small, large = args.small_value, args.large_value
    if "bootstrap" in args.phases:
        log("  %s: memory baseline" % system.title)
        system.baseline(args, notes)
        for size, keys in ((small, args.bootstrap_keys), (large, args.bootstrap_keys_large)):
            log("  %s: snapshot bootstrap, %d x %s" % (system.title, keys, size_label(size)))
            keep("boot%d." % size, system.bootstrap(args, size, keys, notes))
    want_lag = "lag" in args.phases and system.has_lag
    if "throughput" in args.phases or want_lag:
        count = args.overwrites if "throughput" in args.phases else 0
        then = ", then the fixed-rate lag run" if want_lag else ""
        log("  %s: %s overwrites of %s%s" % (system.title, count, size_label(small), then))
        keep("thr%d." % small, system.throughput(args, small, args.keys, count, notes, lag=want_lag))
    if "throughput" in args.phases:
        log("  %s: %s overwrites of %s" % (system.title, args.overwrites_large, size_label(large)))
        keep("thr%d." % large, system.throughput(args, large, args.keys_large, args.overwrites_large, notes))


def describe_machine(args):
    load = os.getloadavg()
    return [
        "date: %s" % datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine: %s, %d cores, %s" % (platform.node() or "?", os.cpu_count() or 0, platform.platform()),
        "load average at start: %.2f %.2f %.2f" % load,
        "java: %s" % build.first_line(["java", "-version"]),
        "rust: %s (fcrp-ref-peer on shardmap 0.1.0)" % build.first_line(["rustc", "--version"]),
        "redis: %s" % (build.first_line(["redis-server", "--version"]) if shutil.which("redis-server")
                       else "not installed"),
        "repetitions: %d, interleaved; shards: %d; replica progress sampled every %d ms"
        % (args.reps, args.shards, args.progress_ms),
    ]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    install_cleanup()
    workdir = tempfile.mkdtemp(prefix="fcrp-compare-")
    results, notes = {}, set()
    try:
        systems = make_systems(args, workdir, notes)
        if not systems:
            log("nothing to run: every system chosen with --systems was skipped")
            return 2
        header = describe_machine(args)
        for line in header:
            log(line)
        started = time.monotonic()
        machine = MachineCpu()
        for rep in range(args.reps):
            for system in systems:
                log("repetition %d/%d: %s" % (rep + 1, args.reps, system.title))
                run_repetition(system, args, results, notes)
        stop_all()  # reaped, so that their CPU time counts as ours
        took = time.monotonic() - started
        others = machine.others_seconds()
        header.append("load average at end: %.2f %.2f %.2f; took %.0f s" % (os.getloadavg() + (took,)))
        share = others / (took * (os.cpu_count() or 1))
        # the machine-wide and the per-process accounting differ by a few % even when nothing else runs
        header.append("CPU used by other processes meanwhile: %.0f s, %.0f %% of the machine (a few %% either "
                      "way is accounting noise)%s" % (others, 100 * share,
                                                      "  <- NOT A QUIET MACHINE" if share > 0.1 else ""))
        print("\n".join(header))
        print()
        print(table(systems, results, args, args.phases))
        print()
        print(legend(systems))
        for note in sorted(notes):
            print("note: " + note)
        if args.json:
            with open(args.json, "w") as out:
                json.dump({"machine": header, "workload": {k: v for k, v in vars(args).items() if k != "json"},
                           "results": results, "notes": sorted(notes)}, out, indent=1)
        return 0
    except (PeerDied, Timeout) as error:
        log("failed: %s" % error)
        return 1
    except build.BuildError as error:
        log(str(error))
        return 2
    except KeyboardInterrupt:
        log("interrupted; stopping the child processes")
        return 130
    except SystemExit as stop:
        log("stopped by a signal; stopping the child processes")
        return stop.code
    finally:
        stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


def legend(systems):
    lines = ["Cells: median of the repetitions (min–max). Ratios divide medians by the Rust reference's;",
             "for rates above 1 is faster, for CPU above 1 is more CPU. CPU = utime + stime from /proc of the",
             "primary and replica processes over the measured interval."]
    if any(system.has_client_process for system in systems):
        lines += ["Redis: 'primary + replica' is the two servers only; 'incl. client process' adds redis-cli,",
                  "which sends the writes (Java and Rust write inside the primary: 'same').",
                  "Redis 'live' is INFO used_memory; its snapshot is a fork of the primary (counted once reaped)."]
    if any(system.key == TLS_SYSTEM[0] for system in systems):
        lines += ["%s: Java, G1 with TLS 1.3 between primary and replica (ALPN fcrp/1, mutual" % TLS_SYSTEM[1],
                  "authentication, EC P-256 certificates); 'TLS: ratio to Java, G1' is what TLS costs."]
    lines += ["Live (Java): heap used after a full GC + direct buffers in use. Lag: '–' for Redis (no",
              "per-mutation progress to sample)."]
    return "\n".join(lines)
