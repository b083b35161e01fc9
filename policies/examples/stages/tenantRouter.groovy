// A custom stage (docs/pipelines.md, "Custom stages"): requests sent with the header
// `x-team: gold` are served by alias `premium`; every other request goes on unchanged.
//
// Enable it: copy this file to policies/stages/, then add the step
//     - process: { ref: "script:tenantRouter" }
// before `- process: { ref: resolveAlias }` in a route (see the docs for the whole route).
process { request ->
    if (request.header('x-team') == 'gold') {
        return proceed(alias: 'premium', metadata: [team: 'gold'], headers: ['x-team-routed': 'gold'])
    }
    // Nothing returned: the request goes on as the client sent it.
}
