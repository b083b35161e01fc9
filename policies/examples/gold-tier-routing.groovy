// Sends requests tagged tier=gold to the `premium` alias (which must exist in caravan.yaml and be
// allowed for the calling key) and tags them, so receipts and usage reports show the routing.
// Enable:  cp policies/examples/gold-tier-routing.groovy policies/
beforeRequest { req ->
    if (req.metadata.tier == 'gold' && req.alias != 'premium') {
        return modify(alias: 'premium', metadata: [routed_by: 'gold-tier-routing'], note: 'gold tier')
    }
    allow()
}
