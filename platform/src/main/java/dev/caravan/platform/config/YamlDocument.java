package dev.caravan.platform.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
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
        try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            JsonNode root = documents.hasNextValue() ? documents.nextValue() : null;
            while (documents.hasNextValue()) {
                JsonNode extra = documents.nextValue();
                if (extra != null && !extra.isMissingNode() && !extra.isNull()) {
                    throw new ConfigException("(root)", "the file holds more than one YAML document ('---'); keep one");
                }
            }
            return root == null ? MissingNode.getInstance() : root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(e), "YAML syntax error: " + problem(e));
        } catch (IOException e) {
            throw new ConfigException("(root)", "cannot read YAML: " + e.getClass().getSimpleName());
        }
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
