package dev.caravan.platform.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.storage.ReceiptJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * One line per exported row. JSONL: the row as {@code GET /admin/v1/receipts} (or
 * {@code /admin/v1/logs/{id}}) shows it. CSV (RFC 4180): a header of the row's fields in
 * declaration order, then one record per row; lists and objects are written as JSON text in one
 * cell; a cell with a comma, quote, CR or LF is quoted and its quotes doubled.
 */
public abstract class ExportFormat {

    private static final ObjectMapper JSON = ReceiptJson.mapper();

    public abstract String contentType();

    public abstract String extension();

    /** Text before the first row (the CSV header), or empty. */
    public abstract String header();

    public abstract String line(Object row);

    public static ExportFormat jsonl() {
        return new ExportFormat() {
            @Override public String contentType() { return "application/x-ndjson; charset=utf-8"; }
            @Override public String extension() { return "jsonl"; }
            @Override public String header() { return ""; }
            @Override public String line(Object row) {
                try {
                    return JSON.writeValueAsString(row) + "\n";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    public static ExportFormat csv(Class<? extends Record> type) {
        PropertyNamingStrategies.SnakeCaseStrategy snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        List<String> columns = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).map(snake::translate).toList();
        return new ExportFormat() {
            @Override public String contentType() { return "text/csv; charset=utf-8"; }
            @Override public String extension() { return "csv"; }
            @Override public String header() { return record(columns.stream().map(c -> (String) c).toList()); }
            @Override public String line(Object row) {
                ObjectNode node = JSON.valueToTree(row);
                return record(columns.stream().map(c -> cell(node.get(c))).toList());
            }
        };
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String record(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quoted(cells.get(i)));
        }
        return b.append("\r\n").toString();
    }

    static String quoted(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
