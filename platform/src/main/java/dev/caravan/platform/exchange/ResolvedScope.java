package dev.caravan.platform.exchange;

/**
 * What the pipeline resolved for a request's scope (tenant, key, alias, metadata): its limits,
 * guardrails and logging rules. The exchange core only holds it; the stages that resolve and read it
 * know its type, so this package needs none of theirs.
 */
public interface ResolvedScope {

    /** The same request moved to another alias by a policy: the controls that follow it there. */
    ResolvedScope realiased(String alias);
}
