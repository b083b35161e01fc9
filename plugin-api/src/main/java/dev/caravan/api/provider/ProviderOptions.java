package dev.caravan.api.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a provider's {@code options} (as written under {@code providers[]} in the config) to a
 * typed record, once, at start-up, so a plugin never parses options by hand or per request.
 *
 * <pre>{@code
 * record AcmeOptions(String apiVersion, Boolean streaming, List<String> models) {
 *     AcmeOptions {
 *         streaming = streaming == null || streaming;                     // defaults for absent options
 *         if (apiVersion != null && !apiVersion.matches("\\d{4}-\\d{2}-\\d{2}")) {
 *             throw new IllegalArgumentException("api_version: expected a date such as 2024-10-21");
 *         }
 *     }
 * }
 * AcmeOptions options = ProviderOptions.bind(provider.options(), AcmeOptions.class);
 * }</pre>
 *
 * <p>Rules: option names are the record components in snake_case ({@code apiVersion} is
 * {@code api_version}); unknown options are refused; no type is coerced ({@code 5} is not a
 * string, {@code "true"} is not a boolean); enums match their constant names in any case; a list
 * option also takes a single value; an absent or null {@code options} binds like {@code {}}, so
 * absent options reach the record's constructor as null (use wrapper types and set defaults
 * there). A constructor's {@link IllegalArgumentException} whose message starts with an option's
 * name ({@code "api_version: ..."}) is reported at that option.
 *
 * <p>Every problem is an {@link OptionsException} naming the option's path, e.g.
 * {@code api_version: expected a string}. Thread-safe.
 */
public final class ProviderOptions {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    private ProviderOptions() {}

    /**
     * The options as a {@code type}.
     *
     * @throws OptionsException naming the option that is unknown, of the wrong type or refused by the constructor
     */
    public static <T> T bind(JsonNode options, Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonNode node = options == null || options.isNull() || options.isMissingNode() ? JsonNodeFactory.instance.objectNode() : options;
        try {
            return MAPPER.readerFor(type).readValue(MAPPER.treeAsTokens(node));
        } catch (ValueInstantiationException e) {
            throw refused(path(e), e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new OptionsException(path(e), "unknown option (" + known(e.getKnownPropertyIds()) + ")");
        } catch (InvalidFormatException e) {
            Class<?> target = e.getTargetType();
            boolean named = target != null && target.isEnum(); // say which value is unknown; other values may be secrets
            throw new OptionsException(path(e), expected(target) + (named ? ", got " + describe(e.getValue()) : ""));
        } catch (MismatchedInputException e) {
            throw new OptionsException(path(e), expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new OptionsException(path(e), firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new OptionsException("", firstLine(e.getMessage()));
        }
    }

    /** A constructor's refusal: {@code "name: problem"} is reported at {@code name} below the record's path. */
    private static OptionsException refused(String recordPath, String message) {
        String text = message == null || message.isBlank() ? "refused" : message;
        int colon = text.indexOf(": ");
        String name = colon > 0 ? text.substring(0, colon) : "";
        if (!name.isEmpty() && name.matches("[A-Za-z0-9_.\\[\\]-]+")) {
            return new OptionsException(recordPath.isEmpty() ? name : recordPath + "." + name, text.substring(colon + 2));
        }
        return new OptionsException(recordPath, text);
    }

    /** The JSON path of the failure: {@code a.b[2].c}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "unexpected value";
        }
        if (type.isEnum()) {
            return "expected one of: " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "expected a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "expected true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class || type == Long.class
                || type == Short.class || type == BigInteger.class) {
            return "expected a whole number";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "expected a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "expected a list";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "expected an object" : "unexpected value";
    }

    private static String known(Collection<Object> ids) {
        return ids == null || ids.isEmpty() ? "there are none"
                : "known: " + String.join(", ", ids.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)));
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid options";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
