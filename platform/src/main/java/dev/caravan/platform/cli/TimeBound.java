package dev.caravan.platform.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --from}/{@code --to} value: an ISO-8601 instant ({@code 2026-11-24T09:12:01Z}) or a UTC
 * date ({@code 2026-11-24}). A date given as {@code --to} includes that whole day, as in
 * {@code caravan reconcile}; an instant is exclusive, as in the admin API's {@code until}. Read by
 * picocli, so a malformed value exits 2 naming the option.
 */
record TimeBound(Instant instant, boolean dateOnly) {

    /** As the admin API's {@code since}. */
    String asSince() {
        return instant.toString();
    }

    /** As the admin API's {@code until} (exclusive). */
    String asUntil() {
        return (dateOnly ? instant.plusSeconds(86_400) : instant).toString();
    }

    static String since(TimeBound from) {
        return from == null ? null : from.asSince();
    }

    static String until(TimeBound to) {
        return to == null ? null : to.asUntil();
    }

    static final class Converter implements ITypeConverter<TimeBound> {
        @Override
        public TimeBound convert(String text) {
            try {
                return new TimeBound(Instant.parse(text), false);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return new TimeBound(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant(), true);
                } catch (DateTimeParseException notADate) {
                    throw new TypeConversionException("'" + text + "' is neither an ISO-8601 instant such as "
                            + "2026-11-24T09:12:01Z nor a date such as 2026-11-24");
                }
            }
        }
    }
}
