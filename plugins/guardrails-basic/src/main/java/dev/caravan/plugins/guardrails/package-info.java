/**
 * The {@code guardrails-basic} plugin: one {@link dev.caravan.api.guardrail.Guardrail} extension
 * per guardrail id ({@code regex}, {@code pii}, {@code secrets}, {@code prompt_injection},
 * {@code max_input_tokens}, {@code allowed_models}, {@code allowed_tools}, {@code json_schema}).
 *
 * <p>Design:
 * <ul>
 *   <li>{@code configure(options)} validates everything once ({@link dev.caravan.plugins.guardrails.Options}:
 *       unknown keys and bad values fail with an {@link IllegalArgumentException} whose message
 *       starts with the option name; the platform's own keys {@code plugin} and {@code on} are
 *       ignored), precompiles patterns, loads tokenizer vocabularies and resolves schemas, and
 *       returns an immutable, thread-safe {@link dev.caravan.api.guardrail.GuardCheck}.</li>
 *   <li>Every guardrail reads {@code action} ({@code deny} by default, {@code warn}, and
 *       {@code redact} only for {@code regex}, {@code pii} and {@code secrets}) and returns that
 *       action when it finds something, PASS otherwise. Reasons name the kind and count of what was
 *       found, never the matched value.</li>
 *   <li>{@code redact} returns a masked copy of the canonical OpenAI-shape body
 *       ({@link dev.caravan.plugins.guardrails.ChatBodies}); where that is impossible (a streamed
 *       answer, or a finding outside the message text) the verdict is the option
 *       {@code stream_action} ({@code deny} by default, or {@code warn}).</li>
 *   <li>Work is bounded: built-in patterns use bounded repetition, operator patterns run under an
 *       evaluation budget ({@link dev.caravan.plugins.guardrails.BudgetedText}), scanning
 *       guardrails refuse texts over {@code max_chars}, token counting stops at {@code max}.</li>
 *   <li>The detector library {@code plugins/pii-detectors}, jtokkit and json-schema-validator are
 *       shaded into the plugin jar, relocated under {@code dev.caravan.plugins.guardrails.internal};
 *       Jackson and slf4j come from the host.</li>
 * </ul>
 */
package dev.caravan.plugins.guardrails;
