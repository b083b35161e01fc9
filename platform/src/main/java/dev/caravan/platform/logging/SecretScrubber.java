package dev.caravan.platform.logging;

import dev.caravan.api.Secret;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.KeyConfig;
import dev.caravan.platform.config.ProviderConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every known secret value in a text with {@value #MASK}, in every logging mode: the
 * provider credentials and extra provider header values, the admin token, the storage password,
 * the virtual keys of the config file, and the credentials the client presented with this request.
 * Values shorter than {@value #MIN_LENGTH} characters are not searched for (they would mask
 * ordinary words); the config refuses such keys and tokens anyway.
 */
public final class SecretScrubber {

    public static final String MASK = "[REDACTED:secret]";
    static final int MIN_LENGTH = 8;

    private final List<String> configured;

    public SecretScrubber(Collection<String> secrets) {
        this.configured = longestFirst(secrets);
    }

    public static SecretScrubber of(CaravanConfig config) {
        List<String> secrets = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            secrets.add(p.apiKey().reveal());
            secrets.addAll(p.headers().values());
        }
        for (KeyConfig k : config.keys()) {
            secrets.add(k.key().reveal());
        }
        add(secrets, config.admin().token());
        add(secrets, config.storage().password());
        return new SecretScrubber(secrets);
    }

    /** Result of one scrub: the text and how many values were masked. */
    public record Scrubbed(String text, int count) {}

    public Scrubbed scrub(String text, Collection<String> presented) {
        if (text == null) {
            return new Scrubbed(null, 0);
        }
        List<String> all = presented.isEmpty() ? configured : longestFirst(concat(configured, presented));
        String out = text;
        int count = 0;
        for (String secret : all) {
            int at = out.indexOf(secret);
            if (at < 0) {
                continue;
            }
            StringBuilder b = new StringBuilder(out.length());
            int from = 0;
            for (; at >= 0; at = out.indexOf(secret, from)) {
                b.append(out, from, at).append(MASK);
                from = at + secret.length();
                count++;
            }
            out = b.append(out, from, out.length()).toString();
        }
        return new Scrubbed(out, count);
    }

    private static void add(List<String> secrets, Secret secret) {
        if (secret != null) {
            secrets.add(secret.reveal());
        }
    }

    private static List<String> concat(List<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Longest first, so a secret that contains another is masked whole. */
    private static List<String> longestFirst(Collection<String> secrets) {
        Set<String> unique = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_LENGTH) {
                unique.add(s);
            }
        }
        List<String> sorted = new ArrayList<>(unique);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }
}
