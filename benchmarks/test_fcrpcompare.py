"""Unit tests of the harness' arithmetic and table: python3 -m unittest discover -s benchmarks"""

import os
import random
import sys
import tempfile
import unittest
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fcrpcompare import figures, report  # noqa: E402
from fcrpcompare.processes import ProgressSample  # noqa: E402
from fcrpcompare.redis import write_sets  # noqa: E402


class WatermarkSums(unittest.TestCase):

    def test_sums_wrap_like_the_replicas_print_them(self):
        big = 2 ** 63 + 5
        self.assertEqual((2 * big) % 2 ** 64, figures.watermark_sum("%d,%d" % (big, big)))
        self.assertEqual(3, figures.applied_since(1, 2 ** 64 - 2))

    def test_key_bytes_counts_every_digit(self):
        for count in (0, 1, 10, 11, 1000, 12345):
            self.assertEqual(sum(len("key-%d" % i) for i in range(count)), figures.key_bytes(count))
        self.assertEqual(figures.key_bytes(3) + 3 * 64, figures.payload_bytes(3, 64))


class Lag(unittest.TestCase):

    def test_lag_is_the_wait_of_the_oldest_mutation_not_yet_applied(self):
        # 1000/s from T0 = 1,000,000 us: mutation i is due at T0 + i ms
        base = 2 ** 64 - 10  # sums wrap
        samples = [ProgressSample(999_000, base),           # before T0: ignored
                   ProgressSample(1_000_500, base),         # mutation 0 due 0.5 ms ago
                   ProgressSample(1_005_000, (base + 3) % 2 ** 64),  # mutation 3 due 2 ms ago
                   ProgressSample(1_006_000, (base + 9) % 2 ** 64),  # ahead of schedule: 0
                   ProgressSample(1_020_000, (base + 10) % 2 ** 64),  # all 10 applied: the last one
                   ProgressSample(1_030_000, (base + 10) % 2 ** 64)]
        self.assertEqual([500, 2000, 0, 0], figures.lags_us(samples, 1_000_000, 1000, base, 10))

    def test_percentiles_use_the_nearest_rank(self):
        values = list(range(1, 101))
        self.assertEqual(50, figures.percentile(values, 0.5))
        self.assertEqual(99, figures.percentile(values, 0.99))
        self.assertEqual(100, figures.percentile(values, 1.0))
        self.assertEqual(7, figures.percentile([7], 0.99))

    def test_summary_is_median_min_max(self):
        self.assertEqual((2, 1, 9), figures.summary([9, 1, 2]))
        self.assertIsNone(figures.summary([None]))


class Table(unittest.TestCase):

    def test_cells_ratios_and_missing_figures(self):
        workload = SimpleNamespace(small_value=64, large_value=1024, keys=10, overwrites=20, keys_large=5,
                                   overwrites_large=6, bootstrap_keys=10, bootstrap_keys_large=5, lag_rate=100,
                                   lag_seconds=1.0)
        systems = [SimpleNamespace(key="java-g1", title="Java", has_client_process=False),
                   SimpleNamespace(key="rust", title="Rust", has_client_process=False),
                   SimpleNamespace(key="redis", title="Redis", has_client_process=True)]
        results = {"java-g1": {"thr64.rate": [400_000, 500_000, 450_000]},
                   "rust": {"thr64.rate": [900_000]},
                   "redis": {"thr64.rate": [1_500_000], "thr64.cpu_client_us": [2.5]}}
        text = report.table(systems, results, workload, ["throughput"])
        rate = next(line for line in text.splitlines() if "replicated mutations/s" in line)
        self.assertIn("450 k/s (400–500)", rate)
        self.assertIn("900 k/s", rate)
        self.assertIn("1.50 M/s", rate)
        ratio = text.splitlines()[text.splitlines().index(rate) + 1]
        self.assertIn("0.50×", ratio)
        self.assertIn("1.67×", ratio)
        client = next(line for line in text.splitlines() if "incl. client" in line)
        self.assertEqual(["same", "same", "2.50", "µs"], client.split()[-4:])
        self.assertIn("1 KiB values", text)


    def test_the_tls_column_is_also_compared_with_plaintext_java(self):
        workload = SimpleNamespace(small_value=64, large_value=1024, keys=10, overwrites=20, keys_large=5,
                                   overwrites_large=6)
        systems = [SimpleNamespace(key="java-g1", title="Java", has_client_process=False),
                   SimpleNamespace(key="java-tls", title="Java TLS", has_client_process=False)]
        results = {"java-g1": {"thr64.rate": [1_000_000], "thr64.cpu_us": [2.0]},
                   "java-tls": {"thr64.rate": [800_000], "thr64.cpu_us": [2.3]}}
        lines = report.table(systems, results, workload, ["throughput"]).splitlines()
        tls = [line.split()[-1] for line in lines if "TLS: ratio to Java, G1" in line]
        self.assertEqual(["0.80×", "1.15×", "–", "–"], tls)  # 64 B rate and CPU, then the 1 KiB ones (no data)
        self.assertFalse(any("ratio to the Rust reference" in line for line in lines))


class RedisCommands(unittest.TestCase):

    def test_sets_are_resp_with_values_of_the_given_size(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "sets.resp")
            write_sets(path, iter([0, 12]), 2, 3, random.Random(1))
            with open(path, "rb") as resp:
                data = resp.read()
        first, second = data.split(b"*3\r\n")[1:]
        self.assertTrue(first.startswith(b"$3\r\nSET\r\n$5\r\nkey-0\r\n$3\r\n"))
        self.assertTrue(second.startswith(b"$3\r\nSET\r\n$6\r\nkey-12\r\n$3\r\n"))
        self.assertEqual(len(b"$3\r\nSET\r\n$5\r\nkey-0\r\n$3\r\n") + 3 + 2, len(first))


if __name__ == "__main__":
    unittest.main()
