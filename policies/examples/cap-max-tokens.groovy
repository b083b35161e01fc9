// Caps the completion length of requests to the `fast` alias at 256 tokens. The request goes on
// with a copy of its body whose max_tokens (or max_completion_tokens) is at most the cap; a
// request that sets no cap gets max_tokens: 256.
// Enable for everyone:  cp policies/examples/cap-max-tokens.groovy policies/
def caps = [fast: 256]

beforeRequest { req ->
    def cap = caps.get(req.alias)
    cap != null && req.maxTokens > cap ? modify(maxTokens: cap, note: "max_tokens capped at ${cap}") : allow()
}
