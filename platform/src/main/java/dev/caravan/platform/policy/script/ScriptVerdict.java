package dev.caravan.platform.policy.script;

import dev.caravan.api.guardrail.GuardVerdict.Action;
import groovy.lang.Closure;

/**
 * What a guardrail script's {@code check} returned, before {@link ScriptGuardCheck} makes it a
 * {@code GuardVerdict} for the request at hand (a redaction needs that request's body).
 *
 * @param action the verdict, or null for {@code flag(..)}: the entry's configured action decides
 * @param reason safe to show the caller
 * @param mask   for a redaction, the masking given inline; null to use the script's {@code mask { }}
 */
public record ScriptVerdict(Action action, String reason, Closure<?> mask) {}
