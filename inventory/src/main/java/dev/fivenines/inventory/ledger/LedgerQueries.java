package dev.fivenines.inventory.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only questions to the ledger (served by a linearizable read) and their answers, as bytes. */
public final class LedgerQueries {
    /** Most SKUs one availability question may name. */
    public static final int MAX_SKUS = 1000;

    private LedgerQueries() {
    }

    public static byte[] encodeAvailable(List<String> skus) {
        if (skus.size() > MAX_SKUS) {
            throw new IllegalArgumentException("ask for at most " + MAX_SKUS + " skus at once, asked for " + skus.size());
        }
        return LedgerCodec.bytes(out -> {
            out.writeByte(1);
            out.writeInt(skus.size());
            for (String sku : skus) {
                out.writeUTF(sku);
            }
        });
    }

    /** Answers an encoded question against the ledger. */
    public static byte[] answer(StockLedger ledger, byte[] question) {
        List<String> skus = LedgerCodec.read(question, in -> {
            int tag = in.readByte();
            if (tag != 1) {
                throw new IllegalArgumentException("unknown query tag " + tag);
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_SKUS) {
                throw new IllegalArgumentException("a query names 0.." + MAX_SKUS + " skus, this one " + n);
            }
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
            }
            return names;
        });
        Map<String, Integer> available = new LinkedHashMap<>();
        for (String sku : skus) {
            ledger.available(sku).ifPresent(units -> available.put(sku, units));
        }
        return LedgerCodec.bytes(out -> {
            out.writeInt(available.size());
            for (var entry : available.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue());
            }
        });
    }

    public static Map<String, Integer> decodeAvailable(byte[] answer) {
        return LedgerCodec.read(answer, in -> {
            int n = in.readInt();
            Map<String, Integer> available = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                available.put(in.readUTF(), in.readInt());
            }
            return available;
        });
    }
}
