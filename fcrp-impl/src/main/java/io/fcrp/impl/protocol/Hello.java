package io.fcrp.impl.protocol;

import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;

/** The Hello payload (spec §4.1), sent by a replica and echoed by the primary as acknowledgement. */
public final class Hello {

    public static final int ROLE_REPLICA = 1;
    public static final int ROLE_SERVICE_SUBSCRIBER = 2;

    private final int version;
    private final int role;
    private final String token;
    private final ShardWatermarks since;

    /**
     * @param token the auth token, or null for none (an empty token is the same on the wire)
     * @param since the watermark vector, or null when absent
     */
    public Hello(int version, int role, String token, ShardWatermarks since) {
        this.version = version;
        this.role = role;
        this.token = token == null || token.isEmpty() ? null : token;
        this.since = since;
    }

    /** The Hello a replica sends. */
    public static Hello request(String token, ShardWatermarks since) {
        return new Hello(FrameHeader.VERSION, ROLE_REPLICA, token, since);
    }

    /** The acknowledgement a primary sends: role 1, no token, its current watermarks. */
    public static Hello acknowledgement(ShardWatermarks primaryWatermarks) {
        return new Hello(FrameHeader.VERSION, ROLE_REPLICA, null, primaryWatermarks);
    }

    public int version() {
        return version;
    }

    public int role() {
        return role;
    }

    /** The token, or null when none was sent. */
    public String token() {
        return token;
    }

    /** The watermark vector, or null when absent. */
    public ShardWatermarks since() {
        return since;
    }

    public byte[] encode() {
        byte[] tokenBytes = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        PayloadWriter writer = new PayloadWriter(16 + tokenBytes.length + (since == null ? 0 : 8 * since.size()));
        writer.u8(version).u8(role).u32(tokenBytes.length).bytes(tokenBytes);
        if (since == null) {
            writer.u8(0);
        } else {
            writer.u8(1);
            Payloads.writeWatermarks(writer, since);
        }
        return writer.payloadCopy();
    }

    /** Decodes a replica's Hello; the version is returned as sent (the primary checks it). */
    public static Hello decode(PayloadReader reader) throws ProtocolException {
        return decode(reader, false);
    }

    /**
     * Decodes a Hello; with {@code anyRole} (a primary's acknowledgement, spec §4.1) the role byte
     * is not checked.
     */
    public static Hello decode(PayloadReader reader, boolean anyRole) throws ProtocolException {
        int version = reader.u8();
        int role = reader.u8();
        if (!anyRole && role != ROLE_REPLICA && role != ROLE_SERVICE_SUBSCRIBER) {
            throw new ProtocolException(ProtocolError.UNSUPPORTED_HELLO_ROLE, "unsupported FCRP hello role: " + role);
        }
        int tokenLength = reader.length();
        String token = reader.utf8(tokenLength, ProtocolError.TOKEN_NOT_UTF8, "FCRP hello auth token is not UTF-8");
        ShardWatermarks since = reader.u8() != 0 ? Payloads.readWatermarks(reader) : null;
        reader.finish();
        return new Hello(version, role, token, since);
    }

    @Override
    public String toString() {
        return "Hello[version=" + version + ", role=" + role + ", token=" + (token == null ? "none" : "present")
                + ", since=" + (since == null ? "absent" : since) + "]";
    }
}
