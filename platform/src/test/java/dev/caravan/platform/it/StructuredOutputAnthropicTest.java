package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK's structured output helpers ({@code responseFormat(Class)}, {@code text(Class)})
 * against an alias served by Anthropic: the gateway asks with one forced tool and answers the
 * tool's input as the JSON content. The mock fills the forced tool's required properties by type
 * (strings "example", integers 1, booleans true, arrays []).
 */
class StructuredOutputAnthropicTest extends FamiliesGatewayTest {

    /** What the SDK derives the JSON schema from: public fields, all required. */
    public static class Person {
        public String name;
        public int age;
        public boolean member;
        public List<String> tags;
    }

    private static StructuredChatCompletionCreateParams<Person> personParams() {
        return ChatCompletionCreateParams.builder().model("claude").addUserMessage("Invent a person").responseFormat(Person.class).build();
    }

    @Test
    void should_parse_the_answer_into_the_class_when_the_sdk_asks_json_schema_of_an_anthropic_alias() {
        StructuredChatCompletion<Person> completion = gateway.openai(TestGateway.KEY).chat().completions().create(personParams());

        Person person = completion.choices().get(0).message().content().orElseThrow();
        assertEquals("example", person.name);
        assertEquals(1, person.age);
        assertTrue(person.member);
        assertEquals(List.of(), person.tags);
        assertEquals("stop", completion.choices().get(0).finishReason().asString());
        assertTrue(completion.usage().orElseThrow().completionTokens() > 0);
        JsonNode sent = mock.lastRequest();
        assertEquals("/v1/messages", mock.lastRecordedRequest().path());
        assertEquals("tool", sent.at("/tool_choice/type").asText());
        assertEquals(sent.at("/tool_choice/name").asText(), sent.at("/tools/0/name").asText());
        assertEquals("object", sent.at("/tools/0/input_schema/type").asText());
        assertFalse(sent.has("response_format"));
    }

    @Test
    void should_stream_content_deltas_that_parse_as_the_json_when_json_schema_is_streamed_from_an_anthropic_alias() {
        String content;
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = gateway.openai(TestGateway.KEY).chat().completions().createStreaming(personParams())) {
            chunks = stream.stream().collect(Collectors.toList());
        }
        content = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse("")).collect(Collectors.joining());

        JsonNode json = TestGateway.json(content);
        assertEquals("example", json.path("name").asText());
        assertEquals(1, json.path("age").asInt());
        assertTrue(chunks.stream().flatMap(c -> c.choices().stream()).allMatch(c -> c.delta().toolCalls().isEmpty()));
        assertEquals("stop", chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.finishReason().isPresent())
                .findFirst().orElseThrow().finishReason().orElseThrow().asString());
        assertTrue(mock.lastRequest().path("stream").asBoolean());
    }

    @Test
    void should_answer_a_json_object_as_content_when_json_object_is_asked_of_an_anthropic_alias() {
        String body = "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"JSON please\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}";
        var response = gateway.post("/v1/chat/completions", body, "Authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode message = TestGateway.json(response.body()).at("/choices/0/message");
        assertTrue(TestGateway.json(message.path("content").asText()).isObject(), message.toString());
        assertFalse(message.has("tool_calls"), message.toString());
        assertEquals("json_output", mock.lastRequest().at("/tool_choice/name").asText());
    }

    @Test
    void should_refuse_naming_response_format_when_a_json_mode_comes_with_tools_for_an_anthropic_alias() {
        String body = "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
                + "\"response_format\":{\"type\":\"json_object\"},"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]}";
        int before = mock.recordedRequests().size();
        var response = gateway.post("/v1/chat/completions", body, "Authorization", TestGateway.bearer(TestGateway.KEY));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("response_format", TestGateway.json(response.body()).at("/error/param").asText());
        assertEquals(before, mock.recordedRequests().size());
    }

    @Test
    void should_parse_the_responses_answer_into_the_class_when_the_sdk_asks_text_format_of_an_anthropic_alias() {
        StructuredResponseCreateParams<Person> params = ResponseCreateParams.builder().model("claude").input("Invent a person")
                .text(Person.class).build();

        StructuredResponse<Person> response = gateway.openai(TestGateway.KEY).responses().create(params);

        Person person = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .findFirst().orElseThrow();
        assertEquals("example", person.name);
        assertEquals(1, person.age);
        assertEquals("tool", mock.lastRequest().at("/tool_choice/type").asText());
    }
}
