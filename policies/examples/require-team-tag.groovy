// Refuses requests that carry no `team` metadata tag, so every cost can be charged to a team.
// Enable for one tenant:  cp policies/examples/require-team-tag.groovy policies/tenants/<tenant-id>/
// Clients send the tag as:  x-caravan-metadata: {"team": "search"}
beforeRequest { req ->
    def team = req.metadata.team
    if (!team) {
        return deny(403, 'missing_team_tag', 'Set the team tag: x-caravan-metadata: {"team": "<your team>"}')
    }
    allow("team ${team}")
}
