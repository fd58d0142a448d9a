package io.fcrp.impl.cli;

import io.fcrp.impl.persist.SnapshotFileFooter;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * {@code fcrp decode [FILE|-]}: prints every frame of a captured FCRP byte stream
 * ({@link FrameDescriber}) and stops with exit code 1 at the first malformed frame, naming its
 * byte offset.
 */
public final class DecodeCommand implements Command {

    private static final String USAGE = String.join(
            "\n",
            "usage: fcrp decode [FILE|-]",
            "  Prints one line per FCRP frame of a captured byte stream (FILE, or stdin for - or none):",
            "  kind, offset, flags, payload_len, uncompressed_len and the decoded fields; MutationBatch",
            "  records and SnapshotChunk entries follow on indented lines. A persistence file's footer",
            "  (after its snapshot frames) is printed too and its checksum verified. Exits 1 at the first",
            "  malformed frame or footer, naming its byte offset.");

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        String source;
        try {
            List<String> operands = new ArgumentParser()
                    .flag("--verbose")
                    .operands(1)
                    .parse(args)
                    .operands();
            source = operands.isEmpty() ? "-" : operands.get(0);
        } catch (UsageException e) {
            return Fcrp.usageError(err, "decode", e.getMessage(), USAGE);
        }
        if (source.equals("-")) {
            return decode(in, "stdin", out, err);
        }
        InputStream file;
        try {
            file = Files.newInputStream(Path.of(source));
        } catch (IOException | RuntimeException e) {
            return Fcrp.usageError(err, "decode", "cannot open " + source + ": " + e.getMessage(), USAGE);
        }
        try (file) {
            return decode(file, source, out, err);
        } catch (IOException e) {
            err.println("fcrp decode: closing " + source + " failed: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private static int decode(InputStream in, String sourceName, PrintStream out, PrintStream err) {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        CRC32C framesCrc = new CRC32C();
        HeaderCapture capture = new HeaderCapture(new CheckedInputStream(buffered, framesCrc));
        FrameReader reader = new FrameReader(capture, FrameHeader.MAX_PAYLOAD);
        long offset = 0;
        try {
            while (true) {
                offset = reader.bytesRead();
                if (SnapshotFileFooter.follows(buffered)) {
                    return footer(buffered, offset, (int) framesCrc.getValue(), sourceName, out, err);
                }
                capture.startFrame();
                Frame frame = reader.next();
                if (frame == null) {
                    out.flush();
                    return ExitCodes.OK;
                }
                for (String line : FrameDescriber.describe(offset, capture.header(), frame)) {
                    out.println(line);
                }
            }
        } catch (ProtocolException e) {
            out.flush();
            err.println("fcrp decode: " + sourceName + ": malformed frame at byte offset " + offset + ": "
                    + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            out.flush();
            err.println("fcrp decode: " + sourceName + ": reading failed at byte offset " + reader.bytesRead() + ": "
                    + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** Prints a persistence file's footer after checking it against the frames before it. */
    private static int footer(
            InputStream in, long offset, int framesCrc, String sourceName, PrintStream out, PrintStream err)
            throws IOException {
        byte[] bytes = in.readNBytes(SnapshotFileFooter.MAX_BYTES + 1);
        String problem;
        try {
            SnapshotFileFooter footer = SnapshotFileFooter.decode(bytes);
            problem = footer.framesLength() != offset
                    ? "it says the frames end at byte " + footer.framesLength()
                    : footer.framesCrc() != framesCrc
                            ? "the frames' CRC-32C is " + String.format("%08x", framesCrc) + ", the footer says "
                                    + String.format("%08x", footer.framesCrc())
                            : null;
            out.println("PersistenceFooter offset=" + offset + " " + footer + " checksum="
                    + (problem == null ? "ok" : "MISMATCH"));
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        out.flush();
        if (problem != null) {
            err.println("fcrp decode: " + sourceName + ": bad persistence footer at byte offset " + offset + ": "
                    + problem);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
