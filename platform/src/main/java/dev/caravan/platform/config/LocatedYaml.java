package dev.caravan.platform.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A small YAML input file (a pilot plan, a bill scenario) read with Jackson YAML into a tree plus
 * the line of every field, so each problem names its line and its field path
 * ({@code line 7: models[1].share: must be a decimal between 0 and 1}). Readers collect every
 * problem in one pass ({@link #problems()}) and return null for a value they reject. Syntax errors
 * name line and column without echoing the source line. Not thread-safe; one per file read.
 */
public final class LocatedYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<String> problems = new ArrayList<>();

    private LocatedYaml(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /** Parses {@code text}; a syntax error is the only problem of the result (its root is then missing). */
    public static LocatedYaml parse(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            // One pass over the tokens for the lines, then the tree from the same text.
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY && context != null) {
                    lines.putIfAbsent(dotted(context), parser.currentTokenLocation().getLineNr());
                }
            }
            JsonNode root = MAPPER.readTree(text);
            return new LocatedYaml(root == null ? MissingNode.getInstance() : root, lines);
        } catch (JsonProcessingException e) {
            LocatedYaml failed = new LocatedYaml(MissingNode.getInstance(), lines);
            failed.problems.add(where(e) + ": YAML syntax error: " + firstLine(problem(e)));
            return failed;
        } catch (IOException e) {
            LocatedYaml failed = new LocatedYaml(MissingNode.getInstance(), lines);
            failed.problems.add("line 1: cannot read YAML: " + e.getClass().getSimpleName());
            return failed;
        }
    }

    public JsonNode root() {
        return root;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** {@code line 7: models[1].share: message}; the line of the field, else of its closest parent that has one. */
    public void report(String path, String message) {
        problems.add("line " + lineOf(path) + ": " + (path.isEmpty() ? "(root)" : path) + ": " + message);
    }

    public int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 1;
    }

    /** Reports every field of the mapping at {@code path} that is not in {@code known}; false when {@code node} is not a mapping. */
    public boolean mapping(JsonNode node, String path, Set<String> known) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            report(path, "must be a mapping, got " + kind(node));
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                report(join(path, name), "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return true;
    }

    /** A non-blank string (a number or boolean is read as its text), null when absent; reported when required and absent. */
    public String text(JsonNode parent, String path, String field, boolean required) {
        JsonNode value = parent.path(field);
        String at = join(path, field);
        if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            if (required) {
                report(at, "is required");
            }
            return null;
        }
        if (!value.isValueNode()) {
            report(at, "must be a text, got " + kind(value));
            return null;
        }
        return value.asText().strip();
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    public Long whole(JsonNode parent, String path, String field, long min, long max, Long fallback) {
        JsonNode value = parent.path(field);
        String at = join(path, field);
        if (value.isMissingNode() || value.isNull()) {
            if (fallback == null) {
                report(at, "is required");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() && !(value.isTextual() && value.asText().strip().matches("-?\\d+"))) {
            report(at, "must be a whole number, got " + kind(value) + " '" + shortText(value) + "'");
            return null;
        }
        long n;
        try {
            n = value.isIntegralNumber() ? value.longValue() : Long.parseLong(value.asText().strip());
        } catch (NumberFormatException e) {
            report(at, "must be a whole number from " + min + " to " + max + ", got '" + shortText(value) + "'");
            return null;
        }
        if (n < min || n > max) {
            report(at, "must be from " + min + " to " + max + ", got " + n);
            return null;
        }
        return n;
    }

    /**
     * An exact decimal in {@code [min, max]} read from the value's own text ({@code "0.25"} or
     * {@code 0.25}), or {@code fallback} when absent.
     */
    public BigDecimal decimal(JsonNode parent, String path, String field, BigDecimal min, BigDecimal max, BigDecimal fallback) {
        JsonNode value = parent.path(field);
        String at = join(path, field);
        if (value.isMissingNode() || value.isNull()) {
            if (fallback == null) {
                report(at, "is required");
            }
            return fallback;
        }
        BigDecimal d;
        try {
            if (!value.isNumber() && !value.isTextual()) {
                throw new NumberFormatException();
            }
            d = new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            report(at, "must be a decimal number such as \"0.25\", got " + kind(value) + " '" + shortText(value) + "'");
            return null;
        }
        if (d.compareTo(min) < 0 || max != null && d.compareTo(max) > 0) {
            report(at, "must be from " + min.toPlainString() + (max == null ? " up" : " to " + max.toPlainString())
                    + ", got " + d.toPlainString());
            return null;
        }
        return d;
    }

    public static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : "a text";
    }

    private static String shortText(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** {@code models[1].share} for the parser's current position. */
    private static String dotted(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = dotted(context.getParent());
        if (context.inArray()) {
            return parent + "[" + Math.max(0, context.getCurrentIndex()) + "]";
        }
        String name = context.getCurrentName();
        return name == null ? parent : join(parent, name);
    }

    private static String where(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        }
        JsonLocation location = e.getLocation();
        return location == null ? "line 1" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            return marked.getProblem();
        }
        return e.getOriginalMessage();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable YAML";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
