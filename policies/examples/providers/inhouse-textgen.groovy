// Provider: an in-house text generation server whose JSON API is not OpenAI's:
//   POST /generate         {"model": "...", "prompt": "...", "max_new_tokens": 256}
//        -> {"generated_text": "...", "tokens_in": 12, "tokens_out": 34}
//   POST /generate_stream  the same body -> one JSON object per line:
//        {"token": "Hel"} ... {"done": true, "tokens_in": 12, "tokens_out": 34}
//   errors: non-2xx with {"error": "...", "kind": "overloaded" | "bad_request" | ...}
//
// Enable:  cp policies/examples/providers/inhouse-textgen.groovy policies/providers/
// and configure it like any provider:
//   providers:
//     - { id: textgen, plugin: "script:inhouse-textgen", base_url: "http://textgen.internal:8000", api_key: "${TEXTGEN_KEY}" }
//   models:
//     - { alias: house, targets: [ { provider: textgen, model: house-7b } ] }

prepare { call ->
    request(path: call.stream ? '/generate_stream' : '/generate', auth: 'bearer',
            body: [model: call.model, prompt: call.prompt, max_new_tokens: call.maxTokens ?: 256])
}

response { body, call ->
    reply(text: body.generated_text, promptTokens: body.tokens_in, completionTokens: body.tokens_out)
}

streamFormat 'lines'

streamEvent { event, call ->
    event.done ? finish(promptTokens: event.tokens_in, completionTokens: event.tokens_out) : delta(event.token)
}

error { status, body, call ->
    def kind = body instanceof Map ? body.kind : null
    if (kind == 'overloaded') {
        return failure(503, 'upstream_overloaded', 'The model server is overloaded; retry later.')
    }
    if (kind == 'bad_request') {
        return failure(400, 'invalid_request', "The model server refused the request: ${body.error}")
    }
    failure(status >= 500 ? 502 : status, "The model server answered ${status}.")
}
