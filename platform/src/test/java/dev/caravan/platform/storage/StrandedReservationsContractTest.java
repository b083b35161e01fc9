package dev.caravan.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.budget.DatabaseBudgetLedger;
import dev.caravan.platform.budget.StrandedReservations;
import dev.caravan.platform.node.NodeIdentity;
import dev.caravan.platform.node.NodeRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations are held per node, so those of a node that died are released: by the same node id
 * at its next start, by any other node once the dead one's heartbeat is older than the bound; each
 * release audited, none released twice, none taken from a live node. Run on H2 and PostgreSQL.
 */
abstract class StrandedReservationsContractTest extends DatabaseContract {

    private static final String WINDOW = "daily:2026-12-07";
    private static final Duration DEAD_AFTER = Duration.ofSeconds(30);

    private ExecutorService executor;
    private NodeRepository nodes;
    private AuditLog audit;

    @BeforeEach
    void open() {
        executor = Executors.newFixedThreadPool(4);
        nodes = new NodeRepository(storage.jdbi());
        audit = new AuditLog(new AuditRepository(storage.jdbi()), Clock.systemUTC());
        nodes.register(new NodeIdentity("node-a", "test", null, "http://a"), DEAD_AFTER);
        nodes.register(new NodeIdentity("node-b", "test", null, "http://b"), DEAD_AFTER);
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    private DatabaseBudgetLedger ledger(String node) {
        return new DatabaseBudgetLedger(storage.jdbi(), executor, null, node);
    }

    private static BudgetLedger.Reservation reserve(DatabaseBudgetLedger ledger, String amount) {
        return ledger.reserve("team", WINDOW, new BigDecimal(amount), new BigDecimal("100")).toCompletableFuture().join().orElseThrow();
    }

    private BudgetLedger.Usage usage() {
        return ledger("node-b").usage("team", WINDOW).toCompletableFuture().join();
    }

    private void heartbeatAgo(String node, Duration age) {
        storage.jdbi().useHandle(h -> h.createUpdate("UPDATE nodes SET heartbeat_at = :at WHERE node_id = :node")
                .bind("at", SqlValues.timestamp(NodeRepository.databaseNow(h).minus(age))).bind("node", node).execute());
    }

    private long audited() {
        return new AuditRepository(storage.jdbi()).list(null, "budget.reservation.released", null, 100).entries().size();
    }

    @Test
    void should_release_what_the_previous_process_held_when_the_same_node_starts_again() {
        DatabaseBudgetLedger a = ledger("node-a");
        reserve(a, "0.30");
        reserve(a, "0.20");
        reserve(ledger("node-b"), "0.05");

        BigDecimal released = new StrandedReservations(storage.jdbi(), audit, "node-a").releaseOwn();

        assertEquals(0, new BigDecimal("0.50").compareTo(released), released.toPlainString());
        assertEquals(0, new BigDecimal("0.05").compareTo(usage().reserved()), "node-b's reservation stays held");
        assertEquals(1, audited());
    }

    @Test
    void should_release_a_dead_nodes_reservations_from_another_node_when_its_heartbeat_is_older_than_the_bound() {
        reserve(ledger("node-a"), "0.40");
        StrandedReservations b = new StrandedReservations(storage.jdbi(), audit, "node-b");

        assertEquals(0, b.releaseOfDeadNodes(DEAD_AFTER).signum(), "node-a is live: nothing released");
        heartbeatAgo("node-a", DEAD_AFTER.plusSeconds(1));
        BigDecimal released = b.releaseOfDeadNodes(DEAD_AFTER);

        assertEquals(0, new BigDecimal("0.40").compareTo(released), released.toPlainString());
        assertEquals(0, usage().reserved().signum(), "reserved " + usage().reserved());
        assertEquals(0, b.releaseOfDeadNodes(DEAD_AFTER).signum(), "released once");
        assertEquals(1, audited());
    }

    @Test
    void should_count_the_spend_once_and_not_free_the_amount_twice_when_a_released_reservation_settles_later() {
        DatabaseBudgetLedger a = ledger("node-a");
        BudgetLedger.Reservation r = reserve(a, "0.40");
        reserve(a, "0.10");
        heartbeatAgo("node-a", DEAD_AFTER.plusSeconds(1));
        new StrandedReservations(storage.jdbi(), audit, "node-b").releaseOfDeadNodes(DEAD_AFTER);
        BudgetLedger.Reservation after = reserve(a, "0.25"); // node-a was only cut off: it goes on serving

        a.settle(r, new BigDecimal("0.35")).toCompletableFuture().join();

        BudgetLedger.Usage u = usage();
        assertEquals(0, new BigDecimal("0.35").compareTo(u.spent()), "spent " + u.spent());
        assertEquals(0, new BigDecimal("0.25").compareTo(u.reserved()), "only the later reservation is held: " + u.reserved());
        a.release(after).toCompletableFuture().join();
        assertEquals(0, usage().reserved().signum(), "reserved " + usage().reserved());
    }

    @Test
    void should_hold_the_sum_of_the_nodes_shares_when_two_nodes_reserve_and_settle() {
        DatabaseBudgetLedger a = ledger("node-a");
        DatabaseBudgetLedger b = ledger("node-b");
        BudgetLedger.Reservation ra = reserve(a, "0.30");
        reserve(b, "0.20");
        a.settle(ra, new BigDecimal("0.10")).toCompletableFuture().join();

        BigDecimal shares = storage.jdbi().withHandle(h -> h.createQuery("SELECT SUM(reserved) FROM budget_reservations")
                .mapTo(BigDecimal.class).one());
        assertEquals(0, usage().reserved().compareTo(shares), usage().reserved() + " vs " + shares);
        assertEquals(0, new BigDecimal("0.20").compareTo(shares));
        new StrandedReservations(storage.jdbi(), audit, "node-a").dropSettledShares();
        assertEquals(1, (int) storage.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM budget_reservations")
                .mapTo(Integer.class).one()), "node-a's settled share row is dropped");
    }
}
