package dev.fivenines.inventory.ledger;

import dev.fivenines.inventory.ReserveResult.Shortage;
import dev.fivenines.inventory.StockLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compact binary form of commands, replies and batches, so that one Raft entry carries many commands.
 * A batch is {@code [stampMillis][count][command...]}; the stamp is written by the leader, never by the
 * client. Decoding validates like the constructors do: a malformed batch fails to decode.
 */
public final class LedgerCodec {
    /** Most commands in one batch: bounds entry size and apply time. */
    public static final int MAX_BATCH = 4096;

    private LedgerCodec() {
    }

    /** A batch of commands as the client sends it (no stamp yet). */
    public static byte[] encodeCommands(List<LedgerCommand> commands) {
        checkBatchSize(commands.size());
        return bytes(out -> {
            out.writeInt(commands.size());
            for (LedgerCommand command : commands) {
                writeCommand(out, command);
            }
        });
    }

    public static List<LedgerCommand> decodeCommands(byte[] bytes) {
        return read(bytes, in -> readCommands(in));
    }

    /** The log entry: the leader's stamp followed by the client's batch, unchanged. */
    public static byte[] stamp(long stampMillis, byte[] commands) {
        byte[] entry = new byte[Long.BYTES + commands.length];
        for (int i = 0; i < Long.BYTES; i++) {
            entry[i] = (byte) (stampMillis >>> (56 - 8 * i));
        }
        System.arraycopy(commands, 0, entry, Long.BYTES, commands.length);
        return entry;
    }

    public record StampedBatch(long stampMillis, List<LedgerCommand> commands) {
    }

    public static StampedBatch decodeEntry(byte[] entry) {
        return read(entry, in -> new StampedBatch(in.readLong(), readCommands(in)));
    }

    public static byte[] encodeReplies(List<LedgerReply> replies) {
        return bytes(out -> {
            out.writeInt(replies.size());
            for (LedgerReply reply : replies) {
                writeReply(out, reply);
            }
        });
    }

    public static List<LedgerReply> decodeReplies(byte[] bytes) {
        return read(bytes, in -> {
            int n = in.readInt();
            checkBatchSize(n);
            List<LedgerReply> replies = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                replies.add(readReply(in));
            }
            return replies;
        });
    }

    private static List<LedgerCommand> readCommands(DataInput in) throws IOException {
        int n = in.readInt();
        checkBatchSize(n);
        List<LedgerCommand> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            commands.add(readCommand(in));
        }
        return commands;
    }

    private static void checkBatchSize(int n) {
        if (n < 1 || n > MAX_BATCH) {
            throw new IllegalArgumentException("a batch has 1.." + MAX_BATCH + " commands, this one " + n);
        }
    }

    static void writeCommand(DataOutput out, LedgerCommand command) throws IOException {
        switch (command) {
            case LedgerCommand.Reserve r -> {
                out.writeByte(1);
                writeUuid(out, r.holdId());
                out.writeLong(r.expiresAtMillis());
                out.writeShort(r.lines().size());
                for (StockLine line : r.lines()) {
                    out.writeUTF(line.sku());
                    out.writeInt(line.units());
                }
            }
            case LedgerCommand.Commit c -> {
                out.writeByte(2);
                writeUuid(out, c.holdId());
            }
            case LedgerCommand.Release r -> {
                out.writeByte(3);
                writeUuid(out, r.holdId());
            }
            case LedgerCommand.Expire e -> out.writeByte(4);
            case LedgerCommand.Restock r -> {
                out.writeByte(5);
                out.writeUTF(r.sku());
                out.writeInt(r.units());
                out.writeUTF(r.receiptId());
            }
            case LedgerCommand.Adjust a -> {
                out.writeByte(6);
                out.writeUTF(a.sku());
                out.writeInt(a.newOnHand());
                out.writeUTF(a.reason());
                out.writeUTF(a.adjustmentId());
            }
            case LedgerCommand.SetPolicy p -> {
                out.writeByte(7);
                out.writeUTF(p.sku());
                out.writeInt(p.safetyStock());
                out.writeInt(p.reorderQty());
            }
        }
    }

    static LedgerCommand readCommand(DataInput in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 1 -> {
                UUID holdId = readUuid(in);
                long expiresAt = in.readLong();
                int n = in.readUnsignedShort();
                if (n > LedgerCommand.MAX_LINES) {
                    throw new IllegalArgumentException("hold " + holdId + " has " + n + " lines");
                }
                List<StockLine> lines = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    lines.add(new StockLine(in.readUTF(), in.readInt()));
                }
                yield new LedgerCommand.Reserve(holdId, lines, expiresAt);
            }
            case 2 -> new LedgerCommand.Commit(readUuid(in));
            case 3 -> new LedgerCommand.Release(readUuid(in));
            case 4 -> new LedgerCommand.Expire();
            case 5 -> new LedgerCommand.Restock(in.readUTF(), in.readInt(), in.readUTF());
            case 6 -> new LedgerCommand.Adjust(in.readUTF(), in.readInt(), in.readUTF(), in.readUTF());
            case 7 -> new LedgerCommand.SetPolicy(in.readUTF(), in.readInt(), in.readInt());
            default -> throw new IllegalArgumentException("unknown command tag " + tag);
        };
    }

    static void writeReply(DataOutput out, LedgerReply reply) throws IOException {
        switch (reply) {
            case LedgerReply.Held h -> {
                out.writeByte(1);
                writeUuid(out, h.holdId());
                out.writeLong(h.expiresAtMillis());
            }
            case LedgerReply.Short s -> {
                out.writeByte(2);
                out.writeShort(s.shortages().size());
                for (Shortage shortage : s.shortages()) {
                    out.writeUTF(shortage.sku());
                    out.writeInt(shortage.requestedUnits());
                    out.writeInt(shortage.availableUnits());
                }
            }
            case LedgerReply.Done d -> {
                out.writeByte(3);
                out.writeBoolean(d.applied());
            }
            case LedgerReply.NoSuchHold n -> out.writeByte(5);
            case LedgerReply.Rejected r -> {
                out.writeByte(4);
                out.writeUTF(r.reason().length() > 1000 ? r.reason().substring(0, 1000) : r.reason());
            }
        }
    }

    static LedgerReply readReply(DataInput in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 1 -> new LedgerReply.Held(readUuid(in), in.readLong());
            case 2 -> {
                int n = in.readUnsignedShort();
                List<Shortage> shortages = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    shortages.add(new Shortage(in.readUTF(), in.readInt(), in.readInt()));
                }
                yield new LedgerReply.Short(shortages);
            }
            case 3 -> in.readBoolean() ? LedgerReply.APPLIED : LedgerReply.NOT_APPLIED;
            case 4 -> new LedgerReply.Rejected(in.readUTF());
            case 5 -> LedgerReply.NO_SUCH_HOLD;
            default -> throw new IllegalArgumentException("unknown reply tag " + tag);
        };
    }

    static void writeUuid(DataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    static UUID readUuid(DataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        var buffer = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(buffer)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        return buffer.toByteArray();
    }

    static <T> T read(byte[] bytes, Reader<T> reader) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes after a ledger message");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed ledger message of " + bytes.length + " bytes: " + e, e);
        }
    }
}
