package dev.unstuck.report;

import com.google.protobuf.CodedOutputStream;
import io.temporal.api.history.v1.HistoryEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the first {@code events} events of a run's history, each in protobuf's deterministic encoding with
 * its length in front: the same history gives the same digest whether it is fetched from Temporal or read back from
 * its JSON export, and any change to any event changes it.
 */
public record HistoryDigest(String sha256, int events) {

    public static HistoryDigest of(List<HistoryEvent> history) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (HistoryEvent e : history) {
            byte[] bytes = deterministic(e);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return new HistoryDigest(HexFormat.of().formatHex(sha.digest()), history.size());
    }

    private static byte[] deterministic(HistoryEvent e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(e.getSerializedSize());
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.useDeterministicSerialization();
            e.writeTo(coded);
            coded.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
