package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every optional field of /v1/chat/completions, /v1/responses and /v1/messages the gateway types: a wrong type answers 400
 * naming the field, in OpenAI's shape (param) or Anthropic's; a body with content after its JSON
 * object is refused on every API.
 */
class RequestFieldTypesTest extends StandardGatewayTest {

    private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
    private static final String RESPONSES = "{\"model\":\"fast\",\"input\":\"hi\",";
    private static final String MESSAGES = "{\"model\":\"fast\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";

    static Stream<Arguments> responsesFields() {
        return Stream.of(
                Arguments.of("temperature", "\"hot\""), Arguments.of("temperature", "3"),
                Arguments.of("top_p", "true"), Arguments.of("top_p", "1.5"),
                Arguments.of("tool_choice", "7"), Arguments.of("text", "\"json\""),
                Arguments.of("store", "\"yes\""), Arguments.of("previous_response_id", "42"),
                Arguments.of("metadata", "[\"a\"]"), Arguments.of("metadata", "{\"a\":1}"),
                Arguments.of("parallel_tool_calls", "1"), Arguments.of("truncation", "\"sometimes\""),
                Arguments.of("user", "{}"), Arguments.of("reasoning", "\"high\""),
                Arguments.of("include", "\"reasoning\""), Arguments.of("include", "[1]"),
                Arguments.of("background", "\"no\""), Arguments.of("max_tool_calls", "0"),
                Arguments.of("service_tier", "1"), Arguments.of("top_logprobs", "21"),
                Arguments.of("prompt", "\"p\""), Arguments.of("prompt_cache_key", "[]"),
                Arguments.of("safety_identifier", "false"), Arguments.of("stream_options", "true"),
                Arguments.of("conversation", "3"), Arguments.of("instructions", "[]"),
                Arguments.of("max_output_tokens", "\"many\""), Arguments.of("stream", "\"true\""),
                Arguments.of("tools", "{}"), Arguments.of("input", "5"), Arguments.of("model", "5"));
    }

    static Stream<Arguments> chatFields() {
        return Stream.of(
                Arguments.of("temperature", "\"hot\""), Arguments.of("temperature", "2.5"),
                Arguments.of("top_p", "-0.1"), Arguments.of("frequency_penalty", "3"),
                Arguments.of("presence_penalty", "\"x\""), Arguments.of("logit_bias", "{\"50256\":200}"),
                Arguments.of("logit_bias", "[1]"), Arguments.of("logprobs", "\"yes\""),
                Arguments.of("top_logprobs", "21"), Arguments.of("stop", "5"),
                Arguments.of("stop", "[\"a\",\"b\",\"c\",\"d\",\"e\"]"), Arguments.of("seed", "1.5"),
                Arguments.of("user", "7"), Arguments.of("tool_choice", "3"),
                Arguments.of("parallel_tool_calls", "\"true\""), Arguments.of("response_format", "\"json\""),
                Arguments.of("response_format", "{}"), Arguments.of("stream_options", "true"),
                Arguments.of("metadata", "{\"a\":1}"), Arguments.of("store", "1"),
                Arguments.of("service_tier", "{}"), Arguments.of("modalities", "\"text\""),
                Arguments.of("audio", "\"alloy\""), Arguments.of("prediction", "\"text\""),
                Arguments.of("reasoning_effort", "1"), Arguments.of("functions", "{}"),
                Arguments.of("function_call", "1"), Arguments.of("web_search_options", "[]"),
                Arguments.of("verbosity", "2"), Arguments.of("prompt_cache_key", "{}"),
                Arguments.of("safety_identifier", "[]"), Arguments.of("tools", "{}"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("chatFields")
    void should_answer_400_naming_the_field_when_a_chat_field_has_a_wrong_type(String field, String value) {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", with(CHAT, field, value),
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals(field, error.get("param").asText(), response.body());
        assertTrue(error.get("message").asText().contains("'" + field + "'"), response.body());
    }

    @Test
    void should_serve_a_chat_request_when_the_typed_fields_have_their_types() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", CHAT + "\"temperature\":0.5,\"top_p\":1,"
                + "\"frequency_penalty\":-1,\"presence_penalty\":0,\"logit_bias\":{\"50256\":-100},\"stop\":[\"END\"],"
                + "\"seed\":42,\"user\":\"u-1\",\"metadata\":{\"team\":\"a\"},\"store\":false,"
                + "\"response_format\":{\"type\":\"text\"},\"stream_options\":null}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
    }

    static Stream<Arguments> messagesFields() {
        return Stream.of(
                Arguments.of("temperature", "\"warm\""), Arguments.of("temperature", "1.5"),
                Arguments.of("top_p", "[]"), Arguments.of("top_k", "2.5"), Arguments.of("top_k", "-1"),
                Arguments.of("stop_sequences", "\"END\""), Arguments.of("stop_sequences", "[1]"),
                Arguments.of("tool_choice", "\"auto\""), Arguments.of("tool_choice", "{}"),
                Arguments.of("metadata", "\"m\""), Arguments.of("thinking", "true"),
                Arguments.of("service_tier", "5"), Arguments.of("mcp_servers", "{}"), Arguments.of("container", "[]"),
                Arguments.of("max_tokens", "\"16\""), Arguments.of("stream", "1"), Arguments.of("system", "5"),
                Arguments.of("tools", "\"t\""));
    }

    private static String with(String prefix, String field, String value) {
        // A later duplicate key wins in Jackson's tree, so the base body's own field is overridden.
        return prefix + "\"" + field + "\":" + value + "}";
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("responsesFields")
    void should_answer_400_naming_the_field_when_a_responses_field_has_a_wrong_type(String field, String value) {
        HttpResponse<String> response = gateway.post("/v1/responses", with(RESPONSES, field, value),
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestGateway.json(response.body()).get("error");
        assertEquals(field, error.get("param").asText(), response.body());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("'" + field + "'"), response.body());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("messagesFields")
    void should_answer_400_in_anthropic_shape_naming_the_field_when_a_messages_field_has_a_wrong_type(String field, String value) {
        HttpResponse<String> response = gateway.post("/v1/messages", with(MESSAGES, field, value),
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = TestGateway.json(response.body());
        assertEquals("error", body.get("type").asText(), response.body());
        assertEquals("invalid_request_error", body.get("error").get("type").asText());
        assertTrue(body.get("error").get("message").asText().startsWith(field + ": "), response.body());
    }

    @Test
    void should_serve_a_responses_request_when_the_typed_fields_have_their_types() {
        HttpResponse<String> response = gateway.post("/v1/responses", RESPONSES + "\"temperature\":0.5,\"top_p\":1,\"store\":false,"
                + "\"metadata\":{\"team\":\"a\"},\"parallel_tool_calls\":true,\"truncation\":\"disabled\",\"user\":\"u-1\"}",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void should_serve_a_messages_request_when_the_typed_fields_have_their_types() {
        HttpResponse<String> response = gateway.post("/v1/messages", MESSAGES + "\"temperature\":1,\"top_p\":0.9,\"top_k\":40,"
                + "\"stop_sequences\":[\"END\"],\"metadata\":{\"user_id\":\"u-1\"}}",
                "x-api-key", TestGateway.KEY, "anthropic-version", "2023-06-01");

        assertEquals(200, response.statusCode(), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trailingBodies")
    void should_answer_400_when_content_follows_the_json_object(String path, String body) {
        HttpResponse<String> response = gateway.post(path, body, "authorization", TestGateway.bearer(TestGateway.KEY),
                "anthropic-version", "2023-06-01");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("parse the JSON body"), response.body());
        assertFalse(response.body().contains("jackson"), response.body());
    }

    static Stream<Arguments> trailingBodies() {
        String chat = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return Stream.of(
                Arguments.of("/v1/chat/completions", chat + "{\"model\":\"other\"}"),
                Arguments.of("/v1/chat/completions", chat + " x"),
                Arguments.of("/v1/responses", "{\"model\":\"fast\",\"input\":\"hi\"}[1]"),
                Arguments.of("/v1/messages", MESSAGES + "\"stream\":false}{}"));
    }

    @Test
    void should_serve_the_request_when_only_whitespace_follows_the_json_object() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n  \r\n",
                "authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
    }
}
