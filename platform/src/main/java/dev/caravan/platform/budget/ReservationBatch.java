package dev.caravan.platform.budget;

import dev.caravan.api.budget.BudgetLedger.Reservation;
import dev.caravan.api.budget.BudgetLedger.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Decides queued reservations of one budget window in one transaction: the window's row is locked
 * ({@code SELECT ... FOR UPDATE}, which also makes every other node's transaction on it wait), each
 * reservation in arrival order is granted when spent + reserved + what this batch already granted
 * + its amount stays within its ceiling, and the granted sum is added in one UPDATE. The row lock
 * is held for those two statements and the commit only, so no reservation waits on it for long,
 * and the check and the update cannot be separated by anyone: the limit holds across nodes. The
 * same transaction adds the granted sum to this node's share ({@code budget_reservations}), so what
 * a killed node held can be told apart and released ({@link StrandedReservations}).
 */
final class ReservationBatch {

    private static final String LOCK = "SELECT spent, reserved, credited FROM budget_usage"
            + " WHERE account = :account AND window_key = :window FOR UPDATE";
    // ON CONFLICT: inside a transaction a duplicate-key error would abort it on PostgreSQL.
    private static final String OPEN = "INSERT INTO budget_usage (account, window_key, spent, reserved)"
            + " VALUES (:account, :window, 0, 0) ON CONFLICT DO NOTHING";
    private static final String ADD = "UPDATE budget_usage SET reserved = reserved + :amount"
            + " WHERE account = :account AND window_key = :window";

    // Under the window row's lock: every writer of this node's share takes that lock first, so the
    // UPDATE-then-INSERT cannot race.
    static final String HOLD = "UPDATE budget_reservations SET reserved = reserved + :amount"
            + " WHERE node_id = :node AND account = :account AND window_key = :window";
    static final String HOLD_NEW = "INSERT INTO budget_reservations (node_id, account, window_key, reserved)"
            + " VALUES (:node, :account, :window, :amount)";

    private record Row(BigDecimal spent, BigDecimal reserved, BigDecimal credited) {}

    /**
     * One answer per pending reservation, in order (reserved, or over the limit when it would pass its
     * ceiling), and the window as this transaction left it: spent + reserved, and the prepaid credit.
     */
    record Decided(List<Verdict> answers, BigDecimal used, BigDecimal credited) {}

    private final Jdbi jdbi;
    private final String nodeId;

    ReservationBatch(Jdbi jdbi, String nodeId) {
        this.jdbi = jdbi;
        this.nodeId = nodeId;
    }

    Decided decide(String account, String window, List<ReservationLanes.Pending> pending) {
        return jdbi.inTransaction(h -> {
            Row row = lock(h, account, window).orElseGet(() -> {
                h.createUpdate(OPEN).bind("account", account).bind("window", window).execute();
                return lock(h, account, window).orElseThrow(() -> new IllegalStateException("budget_usage row not created"));
            });
            BigDecimal used = row.spent().add(row.reserved());
            BigDecimal granted = BigDecimal.ZERO;
            List<Verdict> answers = new ArrayList<>(pending.size());
            for (ReservationLanes.Pending p : pending) {
                BigDecimal ceiling = p.ceiling() != null ? p.ceiling() : row.credited();
                if (used.add(granted).add(p.amount()).compareTo(ceiling) <= 0) {
                    granted = granted.add(p.amount());
                    answers.add(Verdict.reserved(new Reservation(account, window, p.amount())));
                } else {
                    answers.add(Verdict.OVER_LIMIT);
                }
            }
            if (granted.signum() > 0) {
                h.createUpdate(ADD).bind("account", account).bind("window", window).bind("amount", granted).execute();
                if (h.createUpdate(HOLD).bind("node", nodeId).bind("account", account).bind("window", window)
                        .bind("amount", granted).execute() == 0) {
                    h.createUpdate(HOLD_NEW).bind("node", nodeId).bind("account", account).bind("window", window)
                            .bind("amount", granted).execute();
                }
            }
            return new Decided(answers, used.add(granted), row.credited());
        });
    }

    private static Optional<Row> lock(Handle h, String account, String window) {
        return h.createQuery(LOCK).bind("account", account).bind("window", window)
                .map((rs, ctx) -> new Row(rs.getBigDecimal("spent"), rs.getBigDecimal("reserved"), rs.getBigDecimal("credited")))
                .findOne();
    }
}
