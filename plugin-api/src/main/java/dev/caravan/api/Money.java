package dev.caravan.api;

import java.math.BigDecimal;
import java.util.Objects;

/** An exact amount of money. Never a double: receipts and budgets must add up to the cent. */
public record Money(BigDecimal amount, String currency) {

    public static final Money ZERO_USD = new Money(BigDecimal.ZERO, "USD");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }
}
