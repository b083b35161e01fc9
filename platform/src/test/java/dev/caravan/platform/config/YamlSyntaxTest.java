package dev.caravan.platform.config;

import static dev.caravan.platform.config.ConfigFixtures.parse;
import static dev.caravan.platform.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class YamlSyntaxTest {

    @Test
    void should_give_line_and_column_when_yaml_is_malformed() {
        assertEquals(List.of("line 3, column 10: YAML syntax error: mapping values are not allowed here"),
                problems("server:\n  port: 8080\n  host: a: b\n"));
    }

    @Test
    void should_give_where_quote_started_when_quote_is_unclosed() {
        assertEquals(List.of("line 3, column 1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar started at line 2, column 9)"),
                problems("storage:\n  user: \"caravan\n"));
    }

    @Test
    void should_explain_quoting_when_placeholder_is_unquoted_inside_braces() {
        assertEquals(List.of("line 1, column 18: YAML syntax error: expected ',' or '}', but got { (while parsing a flow mapping started at line 1, column 8)"
                        + "; inside { } or [ ], quote a value that uses ${...}: key: \"${VAR}\""),
                problems("admin: { token: ${CARAVAN_ADMIN_TOKEN} }\n"));
    }

    @Test
    void should_reject_key_when_it_appears_twice_in_one_mapping() {
        assertEquals(List.of("line 3, column 7: YAML syntax error: Duplicate field 'port'"),
                problems("server:\n  port: 1\n  port: 2\n"));
    }

    @Test
    void should_reject_file_when_it_holds_two_documents() {
        assertEquals(List.of("(root): the file holds more than one YAML document ('---'); keep one"),
                problems("server: { port: 1 }\n---\nserver: { port: 2 }\n"));
    }

    @Test
    void should_reject_root_when_it_is_not_a_mapping() {
        assertEquals(List.of("(root): must be a mapping of sections (server, storage, ...), got a list"), problems("- server\n"));
    }

    @Test
    void should_read_as_defaults_when_file_has_only_comments() {
        assertEquals(ConfigLoader.defaults(ConfigFixtures.HOME), parse("# just a comment\n"));
    }
}
