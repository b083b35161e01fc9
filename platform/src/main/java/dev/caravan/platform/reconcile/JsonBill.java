package dev.caravan.platform.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Binds a JSON bill to records with Jackson and turns its errors into {@link BadBill}s that name the
 * line and the JSON path, so an operator can find the broken value in a file of thousands of lines.
 */
final class JsonBill {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

    private JsonBill() {
    }

    static <T> T bind(String text, Class<T> type) throws BadBill {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonMappingException e) {
            String path = path(e);
            String problem = e.getOriginalMessage();
            if (e instanceof ValueInstantiationException && e.getCause() instanceof FieldProblem p) {
                path = path.isEmpty() ? p.field() : path + "." + p.field();
                problem = p.getMessage();
            }
            throw BadBill.at(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), path, firstLine(problem));
        } catch (JsonProcessingException e) {
            throw BadBill.at(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "", "not JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    static LocalDate day(long epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
