package dev.fivenines.inventory.ledger;

import dev.fivenines.inventory.HoldStatus;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger's whole state as bytes. The form is canonical (everything sorted), so two replicas
 * with the same state write the same bytes: the simulation compares replicas this way. Loading
 * rebuilds the expiry order and retention queues, then checks every invariant.
 */
public final class LedgerSnapshot {
    private static final int MAGIC = 0x4C454447; // "LEDG"
    private static final int VERSION = 1;

    private LedgerSnapshot() {
    }

    public static byte[] toBytes(StockLedger ledger) {
        return LedgerCodec.bytes(out -> write(ledger, out));
    }

    public static StockLedger fromBytes(byte[] bytes) {
        return LedgerCodec.read(bytes, LedgerSnapshot::read);
    }

    public static void write(StockLedger ledger, OutputStream stream) throws IOException {
        var out = new DataOutputStream(stream);
        write(ledger, out);
        out.flush();
    }

    public static StockLedger read(InputStream stream) throws IOException {
        return read(new DataInputStream(stream));
    }

    private static void write(StockLedger ledger, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(ledger.holdRetentionMillis);
        out.writeLong(ledger.receiptRetentionMillis);
        out.writeLong(ledger.nowMillis);
        List<StockLedger.Sku> skus = new ArrayList<>(ledger.skus.values());
        skus.sort(Comparator.comparing(s -> s.sku));
        out.writeInt(skus.size());
        for (StockLedger.Sku sku : skus) {
            out.writeUTF(sku.sku);
            out.writeInt(sku.onHand);
            out.writeInt(sku.held);
            out.writeInt(sku.safetyStock);
            out.writeInt(sku.reorderQty);
            out.writeBoolean(sku.low);
            out.writeLong(sku.episode);
        }
        List<StockLedger.Hold> holds = new ArrayList<>(ledger.holds.values());
        holds.sort(Comparator.comparing(h -> h.id));
        out.writeInt(holds.size());
        for (StockLedger.Hold hold : holds) {
            LedgerCodec.writeUuid(out, hold.id);
            out.writeLong(hold.expiresAtMillis);
            out.writeByte(hold.status.ordinal());
            out.writeLong(hold.finishedAtMillis);
            out.writeByte(hold.commitReply);
            out.writeByte(hold.releaseReply);
            out.writeShort(hold.lines.size());
            for (var line : hold.lines.entrySet()) {
                out.writeUTF(line.getKey());
                out.writeInt(line.getValue());
            }
        }
        out.writeInt(ledger.shortReserves.size());
        for (var entry : new TreeMap<>(ledger.shortReserves).entrySet()) {
            LedgerCodec.writeUuid(out, entry.getKey());
            writeRecorded(out, entry.getValue());
        }
        writeRecords(out, ledger.receipts);
        writeRecords(out, ledger.adjustments);
    }

    private static void writeRecords(DataOutputStream out, Map<String, StockLedger.Recorded> records) throws IOException {
        out.writeInt(records.size());
        for (var entry : new TreeMap<>(records).entrySet()) {
            out.writeUTF(entry.getKey());
            writeRecorded(out, entry.getValue());
        }
    }

    private static void writeRecorded(DataOutputStream out, StockLedger.Recorded recorded) throws IOException {
        out.writeLong(recorded.atMillis());
        LedgerCodec.writeReply(out, recorded.reply());
    }

    private static StockLedger.Recorded readRecorded(DataInputStream in) throws IOException {
        long at = in.readLong();
        return new StockLedger.Recorded(LedgerCodec.readReply(in), at);
    }

    private static StockLedger read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        int version = in.readInt();
        if (magic != MAGIC || version != VERSION) {
            throw new IllegalArgumentException("not a ledger snapshot of version " + VERSION + ": magic " + magic + ", version " + version);
        }
        StockLedger ledger = new StockLedger(in.readLong(), in.readLong());
        ledger.nowMillis = in.readLong();
        int skuCount = in.readInt();
        for (int i = 0; i < skuCount; i++) {
            var sku = new StockLedger.Sku(in.readUTF());
            sku.onHand = in.readInt();
            sku.held = in.readInt();
            sku.safetyStock = in.readInt();
            sku.reorderQty = in.readInt();
            sku.low = in.readBoolean();
            sku.episode = in.readLong();
            ledger.skus.put(sku.sku, sku);
        }
        List<StockLedger.Tomb> holdTombs = new ArrayList<>();
        int holdCount = in.readInt();
        for (int i = 0; i < holdCount; i++) {
            UUID id = LedgerCodec.readUuid(in);
            long expiresAt = in.readLong();
            HoldStatus status = HoldStatus.values()[in.readByte()];
            long finishedAt = in.readLong();
            byte commitReply = in.readByte();
            byte releaseReply = in.readByte();
            int lineCount = in.readUnsignedShort();
            Map<String, Integer> lines = new TreeMap<>();
            for (int j = 0; j < lineCount; j++) {
                lines.put(in.readUTF(), in.readInt());
            }
            var hold = new StockLedger.Hold(id, java.util.Collections.unmodifiableMap(lines), expiresAt);
            hold.status = status;
            hold.finishedAtMillis = finishedAt;
            hold.commitReply = commitReply;
            hold.releaseReply = releaseReply;
            ledger.holds.put(id, hold);
            if (status == HoldStatus.HELD) {
                ledger.expiryOrder.add(hold);
            } else {
                holdTombs.add(new StockLedger.Tomb(finishedAt, 'h', id));
            }
        }
        int shortCount = in.readInt();
        for (int i = 0; i < shortCount; i++) {
            UUID id = LedgerCodec.readUuid(in);
            var recorded = readRecorded(in);
            ledger.shortReserves.put(id, recorded);
            holdTombs.add(new StockLedger.Tomb(recorded.atMillis(), 's', id));
        }
        List<StockLedger.Tomb> receiptTombs = new ArrayList<>();
        readRecords(in, ledger.receipts, receiptTombs, 'r');
        readRecords(in, ledger.adjustments, receiptTombs, 'a');
        // Retention only needs the queues ordered by time; ties are pruned together.
        holdTombs.sort(Comparator.comparingLong(StockLedger.Tomb::atMillis));
        receiptTombs.sort(Comparator.comparingLong(StockLedger.Tomb::atMillis));
        ledger.holdTombs.addAll(holdTombs);
        ledger.receiptTombs.addAll(receiptTombs);
        ledger.checkInvariants();
        return ledger;
    }

    private static void readRecords(DataInputStream in, Map<String, StockLedger.Recorded> into,
                                    List<StockLedger.Tomb> tombs, char kind) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            var recorded = readRecorded(in);
            into.put(key, recorded);
            tombs.add(new StockLedger.Tomb(recorded.atMillis(), kind, key));
        }
    }
}
