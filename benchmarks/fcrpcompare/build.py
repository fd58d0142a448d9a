"""Finds (or builds) what the benchmark runs, and reads the versions it prints."""

import glob
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FCRP = os.path.join(REPO, "bin", "fcrp")
JAVA_TARGET = os.path.join(REPO, "fcrp-impl", "target")
JAVA_SOURCES = [os.path.join(REPO, module, "src", "main") for module in ("fcrp-api", "fcrp-impl")]
INTEROP = os.path.join(REPO, "interop")
RUST_PEER = os.path.join(INTEROP, "target", "release", "fcrp-ref-peer")
RUST_SOURCES = [os.path.join(INTEROP, "src"), os.path.join(INTEROP, "Cargo.lock")]


class BuildError(Exception):
    pass


def java_jar():
    jars = [jar for jar in glob.glob(os.path.join(JAVA_TARGET, "fcrp-impl-*.jar"))
            if not jar.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))]
    if jars and os.path.isdir(os.path.join(JAVA_TARGET, "lib")):
        return max(jars, key=os.path.getmtime)
    return None


def ensure_java(rebuild, log):
    if java_jar() is None or rebuild:
        command = ["mvn", "-B", "-q", "install", "-DskipTests"]
        _run(command, REPO, "the Java engine", "Maven 3.8+ and Java 17", log)
    _warn_if_stale(java_jar(), JAVA_SOURCES, "mvn -B -q install -DskipTests", log)


def ensure_rust(rebuild, log):
    if not os.path.exists(RUST_PEER) or rebuild:
        command = ["cargo", "build", "--release", "--locked"]
        _run(command, INTEROP, "the Rust reference peer", "Rust (cargo) 1.90+", log)
    _warn_if_stale(RUST_PEER, RUST_SOURCES, "cd interop && cargo build --release --locked", log)


def _run(command, cwd, what, needs, log):
    if shutil.which(command[0]) is None:
        raise BuildError("building %s needs %s: `%s` is not on PATH. Install it, then run `cd %s && %s`"
                         % (what, needs, command[0], cwd, " ".join(command)))
    log("building %s: (cd %s && %s)" % (what, cwd, " ".join(command)))
    # the build's own output goes to our stderr, so stdout keeps only the table
    result = subprocess.run(command, cwd=cwd, stdout=sys.stderr, stderr=sys.stderr)
    if result.returncode != 0:
        raise BuildError("building %s failed (exit code %d): (cd %s && %s)"
                         % (what, result.returncode, cwd, " ".join(command)))


def _warn_if_stale(artifact, sources, command, log):
    built = os.path.getmtime(artifact)
    for root in sources:
        for path in _files(root):
            if os.path.getmtime(path) > built:
                log("note: %s is newer than %s; pass --rebuild (or run `%s`) to measure the sources"
                    % (os.path.relpath(path, REPO), os.path.relpath(artifact, REPO), command))
                return


def _files(root):
    if os.path.isfile(root):
        yield root
        return
    for directory, _, names in os.walk(root):
        for name in names:
            yield os.path.join(directory, name)


def first_line(command):
    """The first line a version command prints (stdout or stderr), or 'unknown'."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = result.stdout.decode("utf-8", "replace").strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def redis_version():
    words = first_line(["redis-server", "--version"]).split()
    for word in words:
        if word.startswith("v="):
            return word[2:]
    return "?"
