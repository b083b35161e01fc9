package dev.caravan.platform.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;

/** Column conversions shared by the repositories; identical on H2 and PostgreSQL. */
public final class SqlValues {

    private static final String UNIQUE_VIOLATION = "23505";

    private SqlValues() {}

    /**
     * An instant for a {@code timestamp with time zone} column. Bound as a UTC {@link OffsetDateTime}
     * rather than a {@code java.sql.Timestamp}, which both drivers would shift through the JVM's
     * time zone (and get wrong in a daylight-saving overlap).
     */
    public static Argument timestamp(Instant instant) {
        return (position, statement, ctx) -> {
            if (instant == null) {
                statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(position, instant.atOffset(ZoneOffset.UTC));
            }
        };
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** Cuts a free-form value to its column's size, so one odd request can never make a whole batch fail. */
    static String clip(String value, int maxLength) {
        return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength);
    }

    static boolean isUniqueViolation(JdbiException e) {
        return sqlState(e).map(UNIQUE_VIOLATION::equals).orElse(false);
    }

    private static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
