package dev.caravan.platform.storage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** JDBC URL handling: H2 defaults, the H2 file location, and a form that is safe to print. */
final class DatabaseUrl {

    private static final String H2 = "jdbc:h2:";
    /**
     * Bytes up to which H2 keeps a {@code text} (CLOB) value in its row. H2's default, 256, sends
     * every longer value (a receipt's attempts once a request falls back, error messages, logged
     * bodies) to its separate LOB store: a temporary LOB per value, copied into the table, and
     * held by the session for H2's LOB timeout (5 minutes). On the gateway's core that made each
     * fallback receipt cost more CPU than the request itself and kept the heap growing.
     */
    static final int H2_IN_ROW_TEXT_BYTES = 8192;
    static final int H2_CACHE_KIB = 4096;
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private DatabaseUrl() {}

    static boolean isH2(String url) {
        return url.startsWith(H2);
    }

    /**
     * Adds the settings Caravan's SQL relies on to an H2 URL, unless the URL already sets them:
     * PostgreSQL mode (so one changelog and one set of statements serve both databases), lower-case
     * identifiers, PostgreSQL null ordering, {@code text} values up to {@link #H2_IN_ROW_TEXT_BYTES}
     * kept in their row, a {@link #H2_CACHE_KIB} KiB page cache, and for file databases
     * {@code AUTO_SERVER=TRUE} so the CLI can open the
     * database while a server runs. Other URLs are returned unchanged.
     */
    static String withH2Defaults(String url) {
        if (!isH2(url)) {
            return url;
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("MODE", "PostgreSQL");
        defaults.put("DATABASE_TO_LOWER", "TRUE");
        defaults.put("DEFAULT_NULL_ORDERING", "HIGH");
        // H2 would otherwise keep a .trace.db file of every SQL error (e.g. Liquibase probing for
        // its tables on first start); Caravan logs the failures it cares about itself.
        defaults.put("TRACE_LEVEL_FILE", "0");
        defaults.put("MAX_LENGTH_INPLACE_LOB", Integer.toString(H2_IN_ROW_TEXT_BYTES));
        // H2 sizes its page cache from the heap (16 MB at a 256 MB heap). Every receipt and log
        // write replaces cached pages, so a large cache keeps promoting soon-dead pages to the old
        // generation: at 4 MB the gateway's young collections dropped from 17 to 11 per 20 s of
        // 1000 req/s (docs/storage.md). Lookups hit indexes, so they barely notice.
        defaults.put("CACHE_SIZE", Integer.toString(H2_CACHE_KIB));
        if (h2FilePath(url).isPresent()) {
            defaults.put("AUTO_SERVER", "TRUE");
        }
        StringBuilder result = new StringBuilder(url);
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            defaults.remove(parts[i].split("=", 2)[0].trim().toUpperCase(Locale.ROOT));
        }
        defaults.forEach((key, value) -> result.append(';').append(key).append('=').append(value));
        return result.toString();
    }

    /** The database file path (without H2's {@code .mv.db}) of an embedded H2 file URL; empty otherwise. */
    static Optional<Path> h2FilePath(String url) {
        if (!isH2(url)) {
            return Optional.empty();
        }
        String location = url.substring(H2.length()).split(";", 2)[0];
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("^[a-zA-Z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, ... — nothing to create locally
        }
        if (location.isEmpty()) {
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(Path.of(location));
    }

    /** The URL with any password removed ({@code password=...} parameters, {@code user:password@}). */
    static String redacted(String url) {
        String noParam = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(noParam).replaceAll("$1****@");
    }
}
