// Observes every finished request: logs its tokens and cost (logger caravan.policy.log-cost).
// A script with only afterResponse never changes a request.
// Enable:  cp policies/examples/log-cost.groovy policies/
afterResponse { out ->
    def cost = out.costUsd == null ? 'unpriced' : "\$${out.costUsd}"
    log.info("trace ${out.traceId} tenant ${out.tenant} key ${out.key}: status ${out.status}, "
            + "${out.promptTokens}+${out.completionTokens} tokens, ${cost}${out.completed ? '' : ' (incomplete)'}")
}
