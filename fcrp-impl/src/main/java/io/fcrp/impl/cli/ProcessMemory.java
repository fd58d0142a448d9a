package io.fcrp.impl.cli;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The primary's {@code memory} command: what the process holds for its data, as the benchmark
 * compares it. "Live" is the heap in use after a full collection plus the direct buffers in use
 * (keys and values may live in either); RSS is what the operating system has given the process.
 */
final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** {@code MEMORY heap_used=<bytes> direct_used=<bytes> rss=<bytes>}; rss is -1 without /proc. */
    static String line() {
        // a full collection (System.gc() is one for G1 and the parallel collector), so that
        // heap_used counts live objects and not garbage waiting for the next young collection
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "MEMORY heap_used=" + heapUsed + " direct_used=" + directUsed() + " rss=" + rss();
    }

    private static long directUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    /** VmRSS from /proc/self/status, in bytes. */
    static long rss() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(words[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: reported as unknown
        }
        return -1;
    }
}
