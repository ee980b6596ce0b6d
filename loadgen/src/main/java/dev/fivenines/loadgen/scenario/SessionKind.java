package dev.fivenines.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of user session the generator starts; the key is how a scenario's mix names them. */
public enum SessionKind {
    /** List a catalogue page, open a product page, load its recommendations. */
    BROWSE("browse"),
    /** Search the catalogue, open the first hit. */
    SEARCH("search"),
    /** Browse, create a cart, add lines, leave without buying. */
    CART("cart"),
    /** Browse, create a cart, add lines, check out (idempotent, retried), read the order. */
    BUY("buy"),
    /** Read the status and shipment of an order placed earlier in the run. */
    STATUS("status"),
    /** Buy the flash-sale SKU straight away (no browsing): many buyers, one SKU, limited stock. */
    FLASH_BUY("flash-buy");

    private final String key;

    SessionKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<SessionKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static String knownKeys() {
        return String.join(", ", Arrays.stream(values()).map(SessionKind::key).toList());
    }
}
