"""Pure arithmetic of the benchmark: watermark sums, replication lag, percentiles, summaries."""

import math
import statistics

WATERMARK_MODULUS = 2 ** 64


def watermark_sum(watermark_list):
    """Sum of `w0,w1,...` modulo 2^64, as the replicas print it in PROGRESS lines."""
    return sum(int(w) for w in watermark_list.split(",") if w) % WATERMARK_MODULUS


def applied_since(sample_sum, base_sum):
    """Mutations applied since the replica's watermark sum was `base_sum` (sums wrap at 2^64;
    a Java primary starts its sequences at a time-derived base, so its sums do wrap)."""
    return (sample_sum - base_sum) % WATERMARK_MODULUS


def lags_us(samples, t0_us, rate_per_s, base_sum, count):
    """Replication lag at each replica progress sample of a scheduled run.

    Mutation i (from 0) was due at T0 + i/R. With n mutations applied, the oldest one not yet
    applied is mutation n, due at T0 + n/R, so the lag at sample time t is t - (T0 + n/R): how
    long the oldest outstanding mutation has been waiting. It is 0 when the replica has applied
    everything that was due. Samples from T0 until the first one that has all `count` mutations.
    """
    lags = []
    for sample in samples:
        if sample.unix_us < t0_us:
            continue
        applied = applied_since(sample.watermark_sum, base_sum)
        if applied >= count:
            lags.append(0.0)  # nothing outstanding any more
            break
        due_us = t0_us + applied * 1e6 / rate_per_s
        lags.append(max(0.0, sample.unix_us - due_us))
    return lags


def percentile(values, fraction):
    """Nearest-rank percentile (fraction 0.5 = median of the samples, 1.0 = max)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    # the small epsilon keeps 0.99 * 100 from becoming rank 100 through rounding
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values):
    """(median, min, max) of the repetitions' values, or None when there are none."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def key_bytes(count):
    """Total length of the keys `key-0 … key-<count-1>` (what every system stores)."""
    total = 0
    digits = 1
    low = 0
    while low < count:
        high = min(count, 10 ** digits)
        total += (high - low) * (len("key-") + digits)
        low = high
        digits += 1
    return total


def payload_bytes(count, value_size):
    """Key and value bytes of `count` pre-filled entries."""
    return key_bytes(count) + count * value_size
