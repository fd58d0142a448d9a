"""The table: one column per system, one row per figure, each cell the median of the
repetitions with their range; ratio rows compare medians with the Rust reference."""

from .figures import summary

RATIO_BASE = "rust"
# the TLS column is also compared with the same engine in plaintext: what TLS costs
TLS_COLUMN, TLS_BASE = "java-tls", "java-g1"
MISSING = "–"


def _scaled(value, steps):
    """(divisor, unit) of the first step whose divisor the value's magnitude reaches."""
    for divisor, unit in steps:
        if abs(value) >= divisor:
            return divisor, unit
    return steps[-1]


def _digits(number):
    """Three significant digits, at most two decimals."""
    magnitude = abs(number)
    decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2
    return "%.*f" % (decimals, number)


class Unit:
    def __init__(self, *steps):
        self.steps = steps

    def cell(self, values):
        stats = summary(values)
        if stats is None:
            return MISSING
        median, low, high = stats
        divisor, unit = _scaled(median, self.steps)
        text = _digits(median / divisor) + unit
        if low != high:
            text += " (%s–%s)" % (_digits(low / divisor), _digits(high / divisor))
        return text


PER_SECOND = Unit((1e6, " M/s"), (1e3, " k/s"), (1, " /s"))
MICROSECONDS = Unit((1, " µs"))
MEGABYTES_PER_SECOND = Unit((1, " MB/s"))
BYTES = Unit((1, " B"))
MILLISECONDS = Unit((1, " ms"))


class Row:
    def __init__(self, label, figure, unit, ratio=False, same_without_client=False):
        self.label = label
        self.figure = figure
        self.unit = unit
        self.ratio = ratio
        # a figure that only a system with a separate client process has
        self.same_without_client = same_without_client


def sections(workload, phases):
    """(title, rows) of each part of the table, for the phases that ran."""
    small, large = workload.small_value, workload.large_value
    out = []
    if "throughput" in phases:
        for size, keys, count in ((small, workload.keys, workload.overwrites),
                                  (large, workload.keys_large, workload.overwrites_large)):
            title = ("Replication throughput, %s values: %s keys, %s random overwrites from one writer"
                     % (size_label(size), thousands(keys), thousands(count)))
            prefix = "thr%d." % size
            out.append((title, [
                Row("replicated mutations/s", prefix + "rate", PER_SECOND, ratio=True),
                Row("CPU per mutation, primary + replica", prefix + "cpu_us", MICROSECONDS, ratio=True),
                Row("CPU per mutation, incl. client process", prefix + "cpu_client_us", MICROSECONDS,
                    same_without_client=True),
                Row("writer alone, mutations/s", prefix + "writer_rate", PER_SECOND),
            ]))
    if "bootstrap" in phases:
        memory = []
        for size, keys in ((small, workload.bootstrap_keys), (large, workload.bootstrap_keys_large)):
            title = ("Snapshot bootstrap of a new replica, %s entries of %s values"
                     % (thousands(keys), size_label(size)))
            prefix = "boot%d." % size
            out.append((title, [
                Row("entries/s", prefix + "rate", PER_SECOND, ratio=True),
                Row("MB/s of key + value bytes", prefix + "mb_s", MEGABYTES_PER_SECOND),
                Row("CPU per entry, primary + replica", prefix + "cpu_us", MICROSECONDS, ratio=True),
            ]))
            memory += [
                Row("primary, RSS, %s values" % size_label(size), prefix + "mem_rss", BYTES),
                Row("primary, live, %s values" % size_label(size), prefix + "mem_live", BYTES),
                Row("replica, RSS, %s values" % size_label(size), prefix + "mem_replica_rss", BYTES),
            ]
        out.append(("Memory per entry beyond its key + value bytes", memory))
    if "lag" in phases:
        title = ("Replication lag at a fixed %s mutations/s of %s values for %g s"
                 % (thousands(workload.lag_rate), size_label(small), workload.lag_seconds))
        out.append((title, [
            Row("lag p50", "lag.p50_ms", MILLISECONDS),
            Row("lag p99", "lag.p99_ms", MILLISECONDS),
            Row("lag max", "lag.max_ms", MILLISECONDS),
            Row("replicated mutations/s", "lag.rate", PER_SECOND),
            Row("CPU per mutation, primary + replica", "lag.cpu_us", MICROSECONDS, ratio=True),
            Row("writer behind its schedule at the end", "lag.writer_late_ms", MILLISECONDS),
        ]))
    return out


def table(systems, results, workload, phases):
    """The text table; `results[system key][figure]` is the list of values of the repetitions."""
    header = ["figure (median, min–max)"] + [system.title for system in systems]
    lines = []
    for title, rows in sections(workload, phases):
        lines.append([title])
        for row in rows:
            lines.append(["  " + row.label] + [_cell(row, system, results) for system in systems])
            keys = {system.key for system in systems}
            if row.ratio and RATIO_BASE in keys:
                ratios = [_ratio(row, system.key, RATIO_BASE, results) for system in systems]
                lines.append(["    ratio to the Rust reference"] + ratios)
            if row.ratio and {TLS_COLUMN, TLS_BASE} <= keys:
                ratios = [_ratio(row, TLS_COLUMN, TLS_BASE, results) if system.key == TLS_COLUMN else ""
                          for system in systems]
                lines.append(["    TLS: ratio to Java, G1"] + ratios)
    widths = [max(len(line[i]) for line in [header] + lines if len(line) > i) for i in range(len(header))]
    # section titles may overhang the first column
    widths[0] = max(len(line[0]) for line in [header] + lines if len(line) > 1 or line is header)
    rendered = [_render(header, widths), _render(["-" * w for w in widths], widths)]
    for line in lines:
        rendered.append(line[0] if len(line) == 1 else _render(line, widths))
    return "\n".join(rendered)


def _cell(row, system, results):
    if row.same_without_client and not system.has_client_process:
        return "same"
    return row.unit.cell(results.get(system.key, {}).get(row.figure, []))


def _ratio(row, key, base_key, results):
    mine = summary(results.get(key, {}).get(row.figure, []))
    base = summary(results.get(base_key, {}).get(row.figure, []))
    if mine is None or base is None or base[0] == 0:
        return MISSING
    return "%.2f×" % (mine[0] / base[0])


def _render(cells, widths):
    first = cells[0].ljust(widths[0])
    rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
    return "  ".join([first] + rest).rstrip()


def size_label(size):
    if size % 1024 == 0 and size >= 1024:
        return "%d KiB" % (size // 1024)
    return "%d B" % size


def thousands(number):
    return "{:,}".format(int(number)) if float(number).is_integer() else str(number)
