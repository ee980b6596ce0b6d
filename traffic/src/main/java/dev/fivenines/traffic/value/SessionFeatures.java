package dev.fivenines.traffic.value;

/**
 * What the edge knows about a shopping session when one of its requests must be ranked.
 *
 * @param cartValueMinor    value of the session's cart in minor units (0 when none is known)
 * @param checkoutStage     0 browsing, 1 has a cart, 2 cart has lines, 3 at checkout
 * @param returningCustomer the session belongs to a customer who has bought before
 * @param requestsSeen      requests the session made so far (engagement)
 * @param enteredBrowsing   the session's first request was a browsing page (catalogue, search, product;
 *                          SHEDDABLE_PLUS), not, say, an order-status read: the landing page, which
 *                          tells a shopper from a customer checking a past order
 */
public record SessionFeatures(long cartValueMinor, int checkoutStage, boolean returningCustomer, int requestsSeen,
                              boolean enteredBrowsing) {
    public static final int SIZE = 6;

    public SessionFeatures {
        cartValueMinor = Math.max(0, cartValueMinor);
        checkoutStage = Math.max(0, Math.min(3, checkoutStage));
        requestsSeen = Math.max(0, requestsSeen);
    }

    /** A session that came in browsing. */
    public SessionFeatures(long cartValueMinor, int checkoutStage, boolean returningCustomer, int requestsSeen) {
        this(cartValueMinor, checkoutStage, returningCustomer, requestsSeen, true);
    }

    /** Before its first request. */
    public static SessionFeatures anonymous() {
        return new SessionFeatures(0, 0, false, 0, false);
    }

    /** Bias, then features scaled to about [0, 1] so one learning rate suits them all. */
    public double[] vector() {
        return new double[]{
                1.0,
                Math.log1p(cartValueMinor / 100.0) / Math.log1p(10_000),
                checkoutStage / 3.0,
                returningCustomer ? 1.0 : 0.0,
                Math.min(1.0, requestsSeen / 50.0),
                enteredBrowsing ? 0.0 : 1.0};
    }

    /** The features after one more request; the landing page is the first request's. */
    public SessionFeatures withRequest(int stage, long cartValue, boolean returning, boolean browsing) {
        return new SessionFeatures(Math.max(cartValueMinor, cartValue), Math.max(checkoutStage, stage),
                returningCustomer || returning, requestsSeen + 1, requestsSeen == 0 ? browsing : enteredBrowsing);
    }

    public SessionFeatures withCartValue(long cartValue) {
        return new SessionFeatures(cartValue, checkoutStage, returningCustomer, requestsSeen, enteredBrowsing);
    }
}
