package dev.caravan.platform.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses the config text into a tree. Syntax errors name line and column but never echo the source
 * line (SnakeYAML's own message does, and that line may hold a secret). Duplicate keys and a second
 * document are errors too: both would otherwise drop part of the file without a word.
 */
final class YamlDocument {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlDocument() {}

    /** The document's root, or a missing node for an empty file. */
    static JsonNode parse(String yaml) {
        // Read document by document: readValues() would iterate the elements of a root list instead.
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            JsonNode root = MAPPER.readTree(parser);
            for (JsonNode extra = MAPPER.readTree(parser); extra != null; extra = MAPPER.readTree(parser)) {
                if (!extra.isMissingNode() && !extra.isNull()) {
                    throw new ConfigException("(root)", "the file holds more than one YAML document ('---'); keep one");
                }
            }
            return root == null ? MissingNode.getInstance() : root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(e), "YAML syntax error: " + problem(e) + placeholderHint(e, yaml));
        } catch (IOException e) {
            throw new ConfigException("(root)", "cannot read YAML: " + e.getClass().getSimpleName());
        }
    }

    /**
     * {@code key: { a: ${VAR} }} is not valid YAML (in { } and [ ], a brace ends a plain value), and it
     * is the mistake everybody makes once, so say how to write it.
     */
    private static String placeholderHint(JsonProcessingException e, String yaml) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            int index = marked.getProblemMark().getIndex();
            if (index > 0 && index < yaml.length() && yaml.charAt(index) == '{' && yaml.charAt(index - 1) == '$') {
                return "; inside { } or [ ], quote a value that uses ${...}: key: \"${VAR}\"";
            }
        }
        return "";
    }

    private static String where(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        }
        JsonLocation location = e.getLocation();
        return location == null ? "(root)" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                    : " (" + marked.getContext() + " started at line " + (marked.getContextMark().getLine() + 1)
                            + ", column " + (marked.getContextMark().getColumn() + 1) + ")";
            return firstLine(marked.getProblem()) + context;
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable YAML";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
