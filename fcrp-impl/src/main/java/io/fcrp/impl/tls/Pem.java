package io.fcrp.impl.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM text (RFC 7468): {@code -----BEGIN type-----}, Base64, {@code -----END type-----}. */
final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One block: its type (e.g. {@code CERTIFICATE}) and its DER bytes. */
    record Block(String type, byte[] der) {}

    private Pem() {}

    /** True when {@code text} looks like PEM rather than binary (a PKCS#12 file). */
    static boolean isPem(byte[] content) {
        return new String(content, 0, Math.min(content.length, 4096), java.nio.charset.StandardCharsets.US_ASCII)
                .contains("-----BEGIN ");
    }

    /**
     * Every block of {@code text}, in order.
     *
     * @throws IllegalArgumentException when a block's Base64 is damaged or carries headers (legacy
     *     encrypted PEM, which Java cannot read)
     */
    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String type = matcher.group(1);
            String body = matcher.group(2);
            if (body.contains(":")) {
                throw new IllegalArgumentException("its " + type + " block has headers (a legacy OpenSSL encryption): "
                        + "convert the key to PKCS#8 (openssl pkcs8 -topk8)");
            }
            try {
                blocks.add(new Block(type, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("its " + type + " block is not valid Base64", e);
            }
        }
        return blocks;
    }
}
