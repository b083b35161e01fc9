package dev.caravan.platform.pricing;

import java.math.BigDecimal;

/**
 * The price of one request: an exact USD amount and the catalog row it came from, or
 * {@link #UNPRICED} when no row matched (never a silent zero).
 *
 * @param usd     exact cost, null when unpriced
 * @param priceId the {@link PriceRow#id()} used, null when unpriced
 */
public record Cost(BigDecimal usd, String priceId) {

    public static final Cost UNPRICED = new Cost(null, null);

    public boolean priced() {
        return usd != null;
    }
}
