package dev.caravan.plugins.openai;

/**
 * The two ways OpenAI names token counts. Chat completions and embeddings say
 * {@code prompt_tokens} / {@code completion_tokens} with {@code prompt_tokens_details.cached_tokens}
 * and {@code completion_tokens_details.reasoning_tokens}; the Responses API and the GPT image
 * models say {@code input_tokens} / {@code output_tokens} with {@code input_tokens_details} and
 * {@code output_tokens_details}.
 */
enum UsageShape {
    CHAT("prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"),
    INPUT_OUTPUT("input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");

    final String prompt;
    final String completion;
    final String promptDetails;
    final String completionDetails;

    UsageShape(String prompt, String completion, String promptDetails, String completionDetails) {
        this.prompt = prompt;
        this.completion = completion;
        this.promptDetails = promptDetails;
        this.completionDetails = completionDetails;
    }
}
