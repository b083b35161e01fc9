package dev.caravan.platform.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's heartbeat every {@code server.heartbeat_interval_ms} on a thread of its own
 * (never an event-loop or storage thread), then runs the housekeeping that rides on it (releasing
 * what dead nodes hold). A failed beat is logged once per outage and retried at the next one; a
 * database that stays away long enough makes this node look dead to the others, which is the
 * point. Closing it marks the node {@code stopped}.
 */
public final class NodeHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeRepository repo;
    private final NodeIdentity node;
    private final Duration deadAfter;
    private final List<Runnable> afterBeat;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private NodeHeartbeat(NodeRepository repo, NodeIdentity node, Duration deadAfter, List<Runnable> afterBeat) {
        this.repo = repo;
        this.node = node;
        this.deadAfter = deadAfter;
        this.afterBeat = List.copyOf(afterBeat);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-node-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the node (synchronously: start-up fails if the database cannot take it) and starts
     * the beat. Warns when the row shows another live process with the same id.
     */
    public static NodeHeartbeat start(NodeRepository repo, NodeIdentity node, Duration interval, Duration deadAfter,
            List<Runnable> afterBeat) {
        repo.register(node, deadAfter).filter(before -> "live".equals(before.status()) && before.heartbeatAgeMs() < interval.toMillis())
                .ifPresent(before -> LOG.warn("Node id '{}' had a heartbeat {} ms ago (at {}): if another process runs with this"
                        + " server.node_id, give each node its own id; their reservations are told apart by it",
                        node.id(), before.heartbeatAgeMs(), before.address()));
        NodeHeartbeat beat = new NodeHeartbeat(repo, node, deadAfter, afterBeat);
        beat.timer.scheduleWithFixedDelay(beat::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Node '{}' ({}, version {}, config sha-256 {}): heartbeat every {} ms, dead after {} ms", node.id(),
                node.address(), node.version(), node.configHash(), interval.toMillis(), deadAfter.toMillis());
        return beat;
    }

    public NodeIdentity node() {
        return node;
    }

    private void beat() {
        try {
            if (!repo.beat(node.id())) {
                repo.register(node, deadAfter);
            }
            if (failing) {
                failing = false;
                LOG.info("Node heartbeat written again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Node heartbeat not written (retried every interval): {}", e.getMessage());
            }
            return;
        }
        for (Runnable task : afterBeat) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Node housekeeping failed (retried at the next heartbeat): {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            repo.stopped(node.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Node '{}' not marked stopped: {}", node.id(), e.getMessage());
        }
    }
}
