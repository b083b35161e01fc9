package dev.caravan.platform.storage;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Sets one row's parameters of a batched {@code INSERT} in column order, straight on JDBC. The batch
 * writers insert every request's receipt and log, so they skip Jdbi's named binding, which
 * allocated more per row (argument lookups, name maps) than H2's own insert. Values are bound the
 * same way as {@link SqlValues}: instants as UTC {@code OffsetDateTime}, nulls with their SQL type.
 */
final class PositionalRow {

    private final PreparedStatement statement;
    private int position;

    PositionalRow(PreparedStatement statement) {
        this.statement = statement;
    }

    PositionalRow text(String value) throws SQLException {
        statement.setString(++position, value);
        return this;
    }

    PositionalRow bool(boolean value) throws SQLException {
        statement.setBoolean(++position, value);
        return this;
    }

    PositionalRow integer(int value) throws SQLException {
        statement.setInt(++position, value);
        return this;
    }

    PositionalRow bigint(long value) throws SQLException {
        statement.setLong(++position, value);
        return this;
    }

    PositionalRow real(double value) throws SQLException {
        statement.setDouble(++position, value);
        return this;
    }

    PositionalRow real(Double value) throws SQLException {
        if (value == null) {
            statement.setNull(++position, Types.DOUBLE);
        } else {
            statement.setDouble(++position, value);
        }
        return this;
    }

    PositionalRow decimal(BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(++position, Types.NUMERIC);
        } else {
            statement.setBigDecimal(++position, value);
        }
        return this;
    }

    PositionalRow timestamp(Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(++position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(++position, value.atOffset(ZoneOffset.UTC));
        }
        return this;
    }

    /** Ends the row: adds it to the statement's batch and starts the next one at the first column. */
    void add() throws SQLException {
        statement.addBatch();
        position = 0;
    }
}
