package dev.caravan.pii;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The detector of each {@link PiiKind}, by kind or by the id operators write. */
public final class Detectors {

    private static final Map<PiiKind, Detector> BY_KIND = new EnumMap<>(Map.of(
            PiiKind.EMAIL, new EmailDetector(),
            PiiKind.PHONE, new PhoneDetector(),
            PiiKind.CREDIT_CARD, new CreditCardDetector(),
            PiiKind.IBAN, new IbanDetector(),
            PiiKind.US_SSN, new UsSsnDetector(),
            PiiKind.IPV4, new Ipv4Detector(),
            PiiKind.IPV6, new Ipv6Detector(),
            PiiKind.SECRET, new SecretDetector()));

    private Detectors() {}

    public static Detector of(PiiKind kind) {
        return BY_KIND.get(kind);
    }

    /** Every detector, in {@link PiiKind} order. */
    public static List<Detector> all() {
        return List.copyOf(BY_KIND.values());
    }

    /**
     * The detectors named by {@code ids} (e.g. {@code email}, {@code credit_card}).
     *
     * @throws IllegalArgumentException naming the first unknown id and listing the known ones
     */
    public static List<Detector> byIds(Collection<String> ids) {
        return ids.stream().distinct().map(id -> PiiKind.byId(id)
                        .map(Detectors::of)
                        .orElseThrow(() -> new IllegalArgumentException("unknown detector '" + id + "'; known: " + knownIds())))
                .toList();
    }

    /** The ids of all kinds, comma-separated, for error messages and docs. */
    public static String knownIds() {
        return Arrays.stream(PiiKind.values()).map(PiiKind::id).collect(Collectors.joining(", "));
    }
}
