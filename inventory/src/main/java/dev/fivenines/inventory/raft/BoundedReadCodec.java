package dev.fivenines.inventory.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The bounded read on the wire. Question: {@code [MARK][maxStalenessMillis][availability question]};
 * the mark cannot start a plain {@link dev.fivenines.inventory.ledger.LedgerQueries} question, so a
 * replica tells the two apart. Answer: {@code [status][stalenessMillis][availability answer if FRESH]}.
 */
final class BoundedReadCodec {
    static final byte MARK = 0x42;

    enum Status {
        /** Within the bound; the availability follows. */
        FRESH,
        /** The replica's bound exceeds the caller's; no data. */
        TOO_STALE,
        /** The replica cannot bound its staleness (no leader, election, not ready); no data. */
        UNKNOWN
    }

    record Question(long maxStalenessMillis, byte[] availabilityQuestion) {
    }

    record Answer(Status status, long stalenessMillis, byte[] availabilityAnswer) {
    }

    private BoundedReadCodec() {
    }

    static boolean isBoundedQuestion(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == MARK;
    }

    static byte[] encodeQuestion(long maxStalenessMillis, byte[] availabilityQuestion) {
        return write(out -> {
            out.writeByte(MARK);
            out.writeLong(maxStalenessMillis);
            out.write(availabilityQuestion);
        });
    }

    static Question decodeQuestion(byte[] bytes) {
        if (bytes.length < 1 + Long.BYTES || bytes[0] != MARK) {
            throw new IllegalArgumentException("not a bounded read question (" + bytes.length + " bytes)");
        }
        long max = readLong(bytes, 1);
        if (max < 0) {
            throw new IllegalArgumentException("maxStalenessMillis must be >= 0, was " + max);
        }
        return new Question(max, Arrays.copyOfRange(bytes, 1 + Long.BYTES, bytes.length));
    }

    static byte[] encodeAnswer(Answer answer) {
        return write(out -> {
            out.writeByte(answer.status().ordinal());
            out.writeLong(answer.stalenessMillis());
            if (answer.status() == Status.FRESH) {
                out.write(answer.availabilityAnswer());
            }
        });
    }

    static Answer decodeAnswer(byte[] bytes) {
        if (bytes.length < 1 + Long.BYTES || bytes[0] < 0 || bytes[0] >= Status.values().length) {
            throw new IllegalArgumentException("malformed bounded read answer (" + bytes.length + " bytes)");
        }
        Status status = Status.values()[bytes[0]];
        byte[] rest = Arrays.copyOfRange(bytes, 1 + Long.BYTES, bytes.length);
        return new Answer(status, readLong(bytes, 1), status == Status.FRESH ? rest : new byte[0]);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        var buffer = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }

    private static long readLong(byte[] bytes, int offset) {
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes, offset, Long.BYTES)).readLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated bounded read message", e);
        }
    }
}
