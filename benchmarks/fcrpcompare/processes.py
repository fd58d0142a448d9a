"""Child processes of the benchmark: start, talk over stdin/stdout lines, measure from /proc, stop.

Every child is registered so that it is stopped whatever happens to the harness (normal end,
error, Ctrl-C, SIGTERM). Children run in their own session: a Ctrl-C in the terminal reaches only
the harness, which then stops them in order instead of all of them dying at once mid-measurement.
"""

import atexit
import collections
import os
import queue
import resource
import signal
import subprocess
import tempfile
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STDERR_TAIL_LINES = 25

_children = []
_children_lock = threading.Lock()


def unix_us():
    """Now in Unix microseconds: the clock of the PROGRESS and OVERWRITE_STARTED lines."""
    return time.time_ns() // 1000


class PeerDied(Exception):
    """A child exited (or answered ERR) while the benchmark needed it; the message has its stderr tail."""


class Timeout(Exception):
    """A child did not answer in time."""


class ProgressSample(collections.namedtuple("ProgressSample", "unix_us watermark_sum")):
    """One `PROGRESS <unix_us> <watermark_sum>` line of a replica."""


class Child:
    """One child process. stdout lines go to a queue, except `PROGRESS` lines, which are kept as
    samples; stderr goes to a file whose tail explains a failure."""

    def __init__(self, name, argv, env=None, cwd=None, stdout_is_log=False):
        self.name = name
        self.argv = argv
        self._log = tempfile.TemporaryFile(mode="w+b")
        self._lines = queue.Queue()
        self._samples = []
        self._samples_changed = threading.Condition()
        self._stdin_lock = threading.Lock()
        try:
            self.proc = subprocess.Popen(
                argv, env=env, cwd=cwd, stdin=subprocess.PIPE,
                stdout=self._log if stdout_is_log else subprocess.PIPE, stderr=self._log,
                start_new_session=True)
        except OSError as error:
            raise PeerDied("%s: cannot start %s: %s" % (name, argv[0], error)) from error
        self.pid = self.proc.pid
        with _children_lock:
            _children.append(self)
        if not stdout_is_log:
            threading.Thread(target=self._read_stdout, name="stdout-" + name, daemon=True).start()

    def _read_stdout(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("PROGRESS "):
                words = line.split()
                with self._samples_changed:
                    self._samples.append(ProgressSample(int(words[1]), int(words[2])))
                    self._samples_changed.notify_all()
            else:
                self._lines.put(line)
        with self._samples_changed:
            self._samples_changed.notify_all()

    # -- talking -------------------------------------------------------------------------------

    def send(self, line):
        with self._stdin_lock:
            try:
                self.proc.stdin.write((line + "\n").encode("utf-8"))
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                self._died("stdin closed while sending '%s'" % line)

    def expect(self, prefix, timeout):
        """The next stdout line; it must start with `prefix` (an `ERR` answer is a failure)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=0.05)
            except queue.Empty:
                if self.proc.poll() is not None and self._lines.empty():
                    self._died("exited while waiting for '%s'" % prefix)
                if time.monotonic() > deadline:
                    raise Timeout("%s: no '%s' line within %.0f s\n%s"
                                  % (self.name, prefix, timeout, self.stderr_tail()))
                continue
            if line.startswith(prefix):
                return line
            if line.startswith("ERR"):
                self._died("answered '%s' while '%s' was expected" % (line, prefix), kill=False)

    def ask(self, command, prefix, timeout):
        self.send(command)
        return self.expect(prefix, timeout)

    # -- progress samples ----------------------------------------------------------------------

    def sample_count(self):
        with self._samples_changed:
            return len(self._samples)

    def samples(self, start=0, end=None):
        with self._samples_changed:
            return self._samples[start:end]

    def wait_sample(self, condition, start, timeout):
        """Index and value of the first sample from index `start` on that meets `condition`."""
        deadline = time.monotonic() + timeout
        index = start
        with self._samples_changed:
            while True:
                while index < len(self._samples):
                    if condition(self._samples[index]):
                        return index, self._samples[index]
                    index += 1
                if self.proc.poll() is not None:
                    self._died("exited while its replication progress was awaited")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    last = self._samples[-1] if self._samples else None
                    raise Timeout("%s: replication progress not reached within %.0f s (last sample: %s)\n%s"
                                  % (self.name, timeout, last, self.stderr_tail()))
                self._samples_changed.wait(min(remaining, 0.1))

    # -- measuring -----------------------------------------------------------------------------

    def cpu_seconds(self):
        """utime + stime of the process, plus those of its children it has waited for (Redis' fork
        for a full sync; none for the others), from /proc/<pid>/stat."""
        try:
            with open("/proc/%d/stat" % self.pid) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            self._died("gone while its CPU time was read")
        # fields[0] is the state (field 3 of proc(5)); utime, stime, cutime, cstime are fields 14-17
        return sum(int(ticks) for ticks in fields[11:15]) / CLOCK_TICKS

    def rss_bytes(self):
        try:
            with open("/proc/%d/status" % self.pid) as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        self._died("gone while its memory was read")

    def stderr_tail(self, lines=STDERR_TAIL_LINES):
        self._log.flush()
        self._log.seek(0)
        tail = collections.deque(self._log.read().decode("utf-8", "replace").splitlines(), lines)
        self._log.seek(0, os.SEEK_END)
        return "\n".join("    | " + line for line in tail) or "    | (nothing on stderr)"

    def stderr_lines(self, containing):
        self._log.flush()
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        self._log.seek(0, os.SEEK_END)
        return [line for line in text.splitlines() if containing in line]

    # -- stopping ------------------------------------------------------------------------------

    def quit(self, command="quit", timeout=60):
        """Asks the child to stop (`command` on stdin, then end of stdin) and waits; kills it after `timeout`."""
        if self.proc.poll() is None and command:
            try:
                self.send(command)
            except PeerDied:
                pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._forget()

    def terminate(self, grace=5.0):
        """SIGTERM, then SIGKILL after `grace` seconds; for servers without a stdin contract."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self._forget()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def _forget(self):
        with _children_lock:
            if self in _children:
                _children.remove(self)

    def _died(self, what, kill=True):
        code = self.proc.poll()
        if kill:
            self.kill()
        state = "exit code %s" % code if code is not None else "still running"
        raise PeerDied("%s %s (%s); last lines of its stderr:\n%s" % (self.name, what, state, self.stderr_tail()))


class MachineCpu:
    """CPU time the whole machine spent busy, minus what the harness and its children used: how
    much other processes disturbed the run. Children count once reaped (all are, at the end)."""

    def __init__(self):
        self._start = self._machine_busy() - self._ours()

    def others_seconds(self):
        return self._machine_busy() - self._ours() - self._start

    @staticmethod
    def _machine_busy():
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal: everything but idle and iowait
        return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS

    @staticmethod
    def _ours():
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_measured(name, argv, stdin_path, timeout):
    """Runs a client to its end with stdin from a file; returns (stdout text, CPU seconds it used)."""
    with open(stdin_path, "rb") as stdin, tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        # os.wait4 gives the child's own rusage (Popen.wait would not)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise Timeout("%s did not finish within %.0f s" % (name, timeout))
            time.sleep(0.002)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise PeerDied("%s failed (exit code %d):\n%s" % (name, proc.returncode, text[-2000:]))
        return text, usage.ru_utime + usage.ru_stime


def stop_all():
    """Kills every child still running (on any exit of the harness)."""
    with _children_lock:
        left = list(_children)
    for child in left:
        try:
            child.terminate(grace=3.0)
        except Exception:  # noqa: BLE001 - best effort while exiting
            child.kill()


def install_cleanup():
    atexit.register(stop_all)

    def on_signal(signum, _frame):
        # SystemExit runs the finally blocks and atexit, which stop the children
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    # also when started in the background, where SIGINT would be inherited as ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
