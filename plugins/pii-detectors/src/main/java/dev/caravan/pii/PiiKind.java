package dev.caravan.pii;

import java.util.Arrays;
import java.util.Optional;

/**
 * A kind of sensitive value. The order is the precedence when two findings overlap: the earlier
 * kind wins (a JWT inside a sentence is a {@code secret}, not a phone number).
 */
public enum PiiKind {
    SECRET("secret", "[SECRET]"),
    CREDIT_CARD("credit_card", "[CREDIT_CARD]"),
    IBAN("iban", "[IBAN]"),
    US_SSN("us_ssn", "[US_SSN]"),
    EMAIL("email", "[EMAIL]"),
    IPV6("ipv6", "[IPV6]"),
    IPV4("ipv4", "[IPV4]"),
    PHONE("phone", "[PHONE]");

    private final String id;
    private final String placeholder;

    PiiKind(String id, String placeholder) {
        this.id = id;
        this.placeholder = placeholder;
    }

    /** The name operators write in configuration and see in counts, e.g. {@code credit_card}. */
    public String id() {
        return id;
    }

    /** What replaces a finding of this kind, e.g. {@code [CREDIT_CARD]}. */
    public String placeholder() {
        return placeholder;
    }

    public static Optional<PiiKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
