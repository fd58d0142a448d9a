package io.fcrp.impl.replication;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of its own for a fault test, with only its loopback up, so that iptables
 * rules in it black-hole a connection without touching the machine's network. Needs root and the
 * {@code ip} and {@code iptables} tools ({@code .ci/run} installs them); {@link #unavailableBecause()}
 * says why a test cannot run here.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Why namespaces cannot be used here, or null when they can. */
    static String unavailableBecause() throws IOException, InterruptedException {
        if (!"0".equals(output("id", "-u").trim())) {
            return "network namespaces and iptables need root (CI runs as root)";
        }
        for (String tool : List.of("ip", "iptables")) {
            if (find(tool) == null) {
                return "'" + tool + "' is not installed (.ci/run installs iproute2 and iptables)";
            }
        }
        return null;
    }

    /** Creates a namespace with its loopback up. */
    static NetworkNamespace create() throws IOException, InterruptedException {
        NetworkNamespace namespace =
                new NetworkNamespace("fcrp-test-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
        runCommand("ip", "netns", "add", namespace.name);
        try {
            namespace.runInside("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /** The command prefix that runs a program inside the namespace. */
    List<String> exec() {
        return List.of(find("ip").toString(), "netns", "exec", name);
    }

    /** Every TCP segment to or from {@code port} is dropped, without a reset: the link dies silently. */
    void blackHole(int port) throws IOException, InterruptedException {
        for (String direction : List.of("--dport", "--sport")) {
            runInside("iptables", "-A", "INPUT", "-p", "tcp", direction, String.valueOf(port), "-j", "DROP");
        }
    }

    /** Removes the rules of {@link #blackHole(int)}. */
    void heal(int port) throws IOException, InterruptedException {
        for (String direction : List.of("--dport", "--sport")) {
            runInside("iptables", "-D", "INPUT", "-p", "tcp", direction, String.valueOf(port), "-j", "DROP");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        runCommand("ip", "netns", "del", name);
    }

    private void runInside(String... command) throws IOException, InterruptedException {
        List<String> inside = new ArrayList<>(exec());
        inside.addAll(List.of(command));
        runCommand(inside.toArray(new String[0]));
    }

    private static void runCommand(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    /** The tool on the PATH or in the system directories root's PATH has, or null. */
    private static Path find(String tool) {
        List<String> directories =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String directory : directories) {
            Path candidate = Path.of(directory, tool);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
