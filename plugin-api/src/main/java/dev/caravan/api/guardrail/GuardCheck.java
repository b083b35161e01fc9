package dev.caravan.api.guardrail;

/**
 * One configured guardrail instance (a {@link Guardrail} bound to its options).
 *
 * <p>Threading: shared by concurrent requests, so it must be thread-safe. Called on a platform
 * worker thread, never a Netty I/O thread; it must return quickly (the platform enforces a time
 * budget), must not block or do I/O, and must not keep references to the input.
 */
@FunctionalInterface
public interface GuardCheck {

    GuardVerdict check(GuardInput input);
}
