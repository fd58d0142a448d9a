package io.fcrp.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code keytool} for tests that make their own certificates: every store is PKCS#12
 * with one password, and a failing run is an {@link IOException} with keytool's output.
 */
public final class Keytool {

    private static final long TIMEOUT_SECONDS = 60;

    private final String password;

    public Keytool(String password) {
        this.password = password;
    }

    /** Runs keytool with {@code arguments} after the store type and password. */
    public void run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", // a short-lived JVM: the C2 compiler would only cost time
                "-storetype",
                "PKCS12",
                "-storepass",
                password));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code der} as a PEM block of {@code type}, e.g. {@code PRIVATE KEY}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
