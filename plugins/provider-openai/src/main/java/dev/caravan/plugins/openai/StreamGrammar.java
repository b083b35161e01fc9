package dev.caravan.plugins.openai;

import dev.caravan.api.provider.OpenAiUsage;
import java.util.Set;

/**
 * How a stream of typed events (each with {@code event: <type>} and a JSON {@code type} field)
 * ends: which types end it properly, which report a failure, and where the final usage sits.
 *
 * @param cleanEnds types that end the stream properly
 * @param failures  types that report that the answer failed
 * @param usagePath the fields leading to {@code usage} in the data of an end event
 * @param shape     how that usage names its counts
 */
record StreamGrammar(Set<String> cleanEnds, Set<String> failures, String[] usagePath, OpenAiUsage.Shape shape) {

    /**
     * The Responses API: no {@code [DONE]}; the stream ends with {@code response.completed} or
     * {@code response.incomplete} (the answer was cut short by {@code max_output_tokens} or a content
     * filter: still a proper end, with usage), or fails with {@code response.failed} or an
     * {@code error} event. Usage is the final response object's {@code usage}.
     */
    static final StreamGrammar RESPONSES = new StreamGrammar(
            Set.of("response.completed", "response.incomplete"),
            Set.of("response.failed", "error"),
            new String[] {"response", "usage"},
            OpenAiUsage.Shape.INPUT_OUTPUT);

    /**
     * Image generation with {@code stream: true}: {@code image_generation.partial_image} events,
     * then {@code image_generation.completed}, which carries the usage (GPT image models).
     */
    static final StreamGrammar IMAGES = new StreamGrammar(
            Set.of("image_generation.completed"),
            Set.of("error"),
            new String[] {"usage"},
            OpenAiUsage.Shape.INPUT_OUTPUT);

    boolean ends(String type) {
        return cleanEnds.contains(type) || failures.contains(type);
    }
}
