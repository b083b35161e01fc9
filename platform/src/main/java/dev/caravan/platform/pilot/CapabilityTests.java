package dev.caravan.platform.pilot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Step 5: one request per capability, in the shape the OpenAI (and, for {@code /messages},
 * Anthropic) API documents, each judged {@code pass} (a 2xx answer of the documented shape),
 * {@code unsupported} (the target says it does not offer it: 404, 405, 501, or an error saying
 * "not supported") or {@code fail} (anything else), with the exact error.
 */
final class CapabilityTests {

    private static final Pattern UNSUPPORTED = Pattern.compile("(?i)(not support|unsupported|does not support|not implemented|unknown_url|unknown url)");
    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather of a city\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";
    static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"temperature_c\":{\"type\":\"number\"}},\"required\":[\"city\",\"temperature_c\"],\"additionalProperties\":false}";

    private CapabilityTests() {}

    static List<PilotReport.Capability> run(Calls calls, PilotPlan plan) {
        List<PilotReport.Capability> out = new ArrayList<>();
        for (String name : PilotPlan.CAPABILITIES) {
            String model = plan.modelFor(name);
            out.add(run(calls, name, model));
        }
        return out;
    }

    private static PilotReport.Capability run(Calls calls, String name, String model) {
        String m = Calls.JSON.valueToTree(model).toString();
        String user = "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";
        Calls.Result r = switch (name) {
            case "streaming" -> calls.call(name, "/chat/completions", model,
                    "{\"model\":" + m + ",\"stream\":true,\"messages\":[" + user + "]}");
            case "tool_calling" -> calls.call(name, "/chat/completions", model, "{\"model\":" + m + ",\"messages\":[" + user
                    + "],\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}");
            case "structured_output" -> calls.call(name, "/chat/completions", model, "{\"model\":" + m + ",\"messages\":[" + user
                    + "],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"weather\",\"strict\":true,\"schema\":"
                    + WEATHER_SCHEMA + "}}}");
            case "responses" -> calls.call(name, "/responses", model, "{\"model\":" + m + ",\"input\":\"Say hello.\"}");
            case "messages" -> calls.call(name, "/messages", model, "{\"model\":" + m + ",\"max_tokens\":64,\"messages\":[" + user + "]}");
            case "embeddings" -> calls.call(name, "/embeddings", model, "{\"model\":" + m + ",\"input\":\"hello\"}");
            case "images" -> calls.call(name, "/images/generations", model, "{\"model\":" + m + ",\"prompt\":\"a red square\",\"n\":1}");
            default -> throw new IllegalArgumentException(name);
        };
        if (!r.ok()) {
            String error = r.call().error();
            boolean unsupported = r.answer().status() == 404 || r.answer().status() == 405 || r.answer().status() == 501
                    || r.answer().status() / 100 == 4 && UNSUPPORTED.matcher(error).find();
            return new PilotReport.Capability(name, model, unsupported ? "unsupported" : "fail", error);
        }
        String problem = shapeProblem(name, r);
        return new PilotReport.Capability(name, model, problem == null ? "pass" : "fail",
                problem == null ? passed(name, r) : "HTTP " + r.answer().status() + " but " + problem);
    }

    /** Null when the answer has the documented shape, else what is missing. */
    static String shapeProblem(String name, Calls.Result r) {
        JsonNode json = r.json();
        return switch (name) {
            case "streaming" -> streamProblem(r.answer());
            case "tool_calling" -> {
                JsonNode call = json.path("choices").path(0).path("message").path("tool_calls").path(0).path("function");
                if (!"get_weather".equals(call.path("name").asText())) {
                    yield "choices[0].message.tool_calls[0].function.name is not get_weather (the model answered: "
                            + shortText(json.path("choices").path(0).path("message").toString()) + ")";
                }
                yield Calls.parse(call.path("arguments").asText()).isObject() && !call.path("arguments").asText().isBlank() ? null
                        : "the tool call's arguments are not a JSON object";
            }
            case "structured_output" -> {
                String content = json.path("choices").path(0).path("message").path("content").asText("");
                JsonNode parsed = Calls.parse(content);
                yield parsed.path("city").isTextual() && parsed.path("temperature_c").isNumber() ? null
                        : "choices[0].message.content does not match the schema (city: string, temperature_c: number): " + shortText(content);
            }
            case "responses" -> "response".equals(json.path("object").asText()) && json.path("output").isArray() ? null
                    : "the body is not a Responses object (object: \"response\", output: [...])";
            case "messages" -> "message".equals(json.path("type").asText()) && json.path("content").isArray() ? null
                    : "the body is not an Anthropic message (type: \"message\", content: [...])";
            case "embeddings" -> json.path("data").path(0).path("embedding").isArray() && json.path("data").path(0).path("embedding").size() > 0
                    ? null : "data[0].embedding is not a non-empty list of numbers";
            case "images" -> json.path("data").path(0).hasNonNull("b64_json") || json.path("data").path(0).hasNonNull("url") ? null
                    : "data[0] has neither b64_json nor url";
            default -> null;
        };
    }

    private static String streamProblem(PilotHttp.Answer answer) {
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("text/event-stream")) {
            return "content-type is " + type + ", not text/event-stream";
        }
        long chunks = answer.body().lines().filter(l -> l.startsWith("data: {") && l.contains("chat.completion.chunk")).count();
        if (chunks == 0) {
            return "no chat.completion.chunk event";
        }
        return answer.body().lines().anyMatch(l -> l.strip().equals("data: [DONE]")) ? null : "the stream did not end with data: [DONE]";
    }

    private static String passed(String name, Calls.Result r) {
        String ms = ", " + r.call().latencyMs() + " ms";
        return switch (name) {
            case "streaming" -> "text/event-stream, " + r.answer().body().lines().filter(l -> l.startsWith("data: {")).count()
                    + " chunks, ended with [DONE]" + ms;
            case "tool_calling" -> "called get_weather with " + r.json().path("choices").path(0).path("message").path("tool_calls").path(0)
                    .path("function").path("arguments").asText() + ms;
            case "structured_output" -> "content matched the schema: " + r.json().path("choices").path(0).path("message").path("content").asText() + ms;
            case "responses" -> "a response object with " + r.json().path("output").size() + " output items" + ms;
            case "messages" -> "an Anthropic message, stop_reason " + r.json().path("stop_reason").asText() + ms;
            case "embeddings" -> "a vector of " + r.json().path("data").path(0).path("embedding").size() + " numbers" + ms;
            case "images" -> r.json().path("data").size() + " image(s)" + ms;
            default -> "ok" + ms;
        };
    }

    private static String shortText(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
