package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.node.NodeRepository;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Stage {@code listNodes}: {@code GET /admin/v1/nodes} lists the nodes sharing this database whose
 * heartbeat is at most {@link #LISTED_FOR} old, by id: each {@code live}, {@code dead} (heartbeat
 * older than {@code server.node_dead_after_ms}) or {@code stopped}, with its version and config
 * hash. Admin only.
 */
public final class NodesEndpoint extends AdminJsonEndpoint<Void> {

    /** Dead and stopped nodes stay listed this long after their last heartbeat. */
    public static final Duration LISTED_FOR = Duration.ofHours(24);

    /** The response body: OpenAI's list shape, the answering node and the bound that tells live from dead. */
    record NodeList(String object, String self, long deadAfterMs, List<NodeRepository.Node> data) {}

    private final NodeRepository repo;
    private final String self;
    private final Duration deadAfter;

    public NodesEndpoint(NodeRepository repo, String self, Duration deadAfter, Executor storageExecutor) {
        super(storageExecutor);
        this.repo = repo;
        this.self = self;
        this.deadAfter = deadAfter;
    }

    @Override
    protected Void parse(RequestState state, org.apache.camel.Exchange exchange) {
        QueryParameters.of(exchange, List.of()); // no parameters: a typo is a 400, not ignored
        return null;
    }

    @Override
    protected Object answer(Void none, RequestState state) {
        return new NodeList("list", self, deadAfter.toMillis(), repo.list(deadAfter, LISTED_FOR));
    }
}
