package io.fcrp.itests;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/** Runs one Karaf shell command over SSH as a user of etc/users.properties (password = name). */
final class SshShell {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a command printed (stdout and stderr) and its exit status. */
    static final class Result {
        final int exitStatus;
        final String output;

        Result(int exitStatus, String output) {
            this.exitStatus = exitStatus;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + ": " + output;
        }
    }

    private SshShell() {}

    static Result run(int port, String user, String command) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            // the test's own container on loopback: its generated host key is the one to trust
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session =
                    client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(user);
                session.auth().verify(TIMEOUT);
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                try (ChannelExec channel = session.createExecChannel(command)) {
                    channel.setOut(output);
                    channel.setErr(output);
                    channel.open().verify(TIMEOUT);
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                    Integer status = channel.getExitStatus();
                    return new Result(status == null ? -1 : status, output.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
