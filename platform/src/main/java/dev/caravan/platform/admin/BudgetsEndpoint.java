package dev.caravan.platform.admin;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.pipeline.IngressStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.budget.BudgetDefinition;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.api.budget.BudgetWindow;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.audit.AuditedChange;
import dev.caravan.platform.budget.BudgetAudit;
import dev.caravan.platform.budget.BudgetJson;
import dev.caravan.platform.budget.BudgetRegistry;
import dev.caravan.platform.budget.BudgetRepository;
import dev.caravan.platform.budget.DatabaseBudgetLedger;
import dev.caravan.platform.config.ConfigException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget stages of {@code /admin/v1/budgets} ({@code routes/admin.yaml} declares their verbs and
 * paths): {@code listBudgets}, {@code createBudget} ({@code POST}), {@code getBudget} (the definition
 * with the current period's spend and reset time), {@code replaceBudget} ({@code PUT}),
 * {@code deleteBudget}, and {@code topUpBudget} (a prepaid balance, {@code POST /{name}/topup}). The
 * budget's name is the REST path parameter {@code {name}}. Bodies use the shape of a
 * {@code budgets[]} config entry and are validated by the same rules (400 naming the field). Admin
 * only; the database work runs on the storage executor.
 *
 * <p>Every change is audited ({@code budget.create}, {@code budget.update}, {@code budget.delete},
 * {@code budget.topup}) in the same transaction as the change itself ({@link AuditLog#apply}): a
 * change that fails leaves no entry, and an entry that cannot be written undoes the change and
 * answers 503, so no change goes unrecorded.
 */
public final class BudgetsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetsEndpoint.class);
    private static final String BASE = "/admin/v1/budgets";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BudgetRegistry registry;
    private final BudgetRepository repository;
    private final DatabaseBudgetLedger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final Executor storage;

    public BudgetsEndpoint(BudgetRegistry registry, BudgetRepository repository, DatabaseBudgetLedger ledger, AuditLog audit, Clock clock,
            Executor storage) {
        this.registry = registry;
        this.repository = repository;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.storage = storage;
    }

    /** An answer: status and JSON body. */
    private record Reply(int status, JsonNode body) {}

    /** One budget operation: the request and the admin caller in, the answer out. */
    private interface Operation {
        CompletableFuture<Reply> run(Exchange exchange, String actor);
    }

    /** The stage beans, by the names route files use. */
    public Map<String, AsyncProcessor> stages() {
        Map<String, AsyncProcessor> stages = new LinkedHashMap<>();
        stages.put("listBudgets", stage("listBudgets", (exchange, actor) -> work(this::list)));
        stages.put("createBudget", stage("createBudget", (exchange, actor) -> create(body(exchange), actor)));
        stages.put("getBudget", stage("getBudget", (exchange, actor) -> read(name(exchange))));
        stages.put("replaceBudget", stage("replaceBudget", (exchange, actor) -> replace(name(exchange), body(exchange), actor)));
        stages.put("deleteBudget", stage("deleteBudget", (exchange, actor) -> delete(name(exchange), actor)));
        stages.put("topUpBudget", stage("topUpBudget", (exchange, actor) -> topUp(name(exchange), body(exchange), actor)));
        return stages;
    }

    private AsyncProcessor stage(String stageName, Operation operation) {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                return answer(stageName, operation, exchange, callback);
            }
        };
    }

    private boolean answer(String stageName, Operation operation, Exchange exchange, AsyncCallback callback) {
        RequestState state = RequestState.of(exchange);
        CompletableFuture<Reply> reply;
        try {
            if (state.adminActor() == null) {
                throw new IllegalStateException(stageName + " must follow the adminAuthenticate stage");
            }
            reply = operation.run(exchange, state.adminActor());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((answer, error) -> {
            try {
                if (error != null) {
                    exchange.setException(translate(error, state));
                } else {
                    HttpResponses.json(exchange, answer.status(), JSON.writeValueAsBytes(answer.body()));
                }
            } catch (Exception e) {
                exchange.setException(e);
            }
            callback.done(false);
        });
        return false;
    }

    private static String name(Exchange exchange) {
        return QueryParameters.path(exchange, "name");
    }

    private CompletableFuture<Reply> delete(String name, String actor) {
        return change(actor, () -> {
            JsonNode before = stored(name);
            repository.delete(name);
            return AuditedChange.of(new Reply(200, JSON.createObjectNode().put("name", name).put("deleted", true)),
                    BudgetAudit.DELETE, BudgetAudit.target(name), BudgetAudit.state(before), null);
        });
    }

    private Reply list() {
        ObjectNode out = JSON.createObjectNode().put("object", "list");
        var data = out.putArray("data");
        for (BudgetRepository.Row row : repository.list()) {
            data.add(json(row.definition()));
        }
        return new Reply(200, out);
    }

    private CompletableFuture<Reply> create(JsonNode body, String actor) {
        BudgetDefinition budget = validate(body);
        return change(actor, () -> {
            if (!repository.insert(budget.name(), BudgetJson.write(budget).toString())) {
                throw new GatewayException(409, "invalid_request_error", "budget_exists", "name",
                        "A budget named '" + budget.name() + "' exists; use PUT " + BASE + "/" + budget.name() + " to change it.");
            }
            return AuditedChange.of(new Reply(201, BudgetJson.write(budget)), BudgetAudit.CREATE, BudgetAudit.target(budget.name()),
                    null, BudgetAudit.state(BudgetJson.write(budget)));
        });
    }

    private CompletableFuture<Reply> replace(String name, JsonNode body, String actor) {
        if (body.isObject() && !body.has("name")) {
            ((ObjectNode) body).put("name", name);
        }
        BudgetDefinition budget = validate(body);
        if (!budget.name().equals(name)) {
            throw GatewayException.badRequest("name", "The body's name '" + budget.name() + "' differs from the path's '" + name
                    + "'; budgets cannot be renamed.");
        }
        return change(actor, () -> {
            JsonNode before = stored(name);
            repository.update(name, BudgetJson.write(budget).toString());
            return AuditedChange.of(new Reply(200, BudgetJson.write(budget)), BudgetAudit.UPDATE, BudgetAudit.target(name),
                    BudgetAudit.state(before), BudgetAudit.state(BudgetJson.write(budget)));
        });
    }

    /** The definition plus the current period: spent, reserved, remaining and when it resets. */
    private CompletableFuture<Reply> read(String name) {
        return work(() -> repository.find(name).orElseThrow(() -> notFound(name))).thenCompose(row -> {
            BudgetDefinition budget = registry.parse(row.definition());
            ObjectNode out = BudgetJson.write(budget);
            if (budget.prepaid()) {
                return ledger.balance(name).thenApply(b -> {
                    out.set("balance", balance(b));
                    return new Reply(200, out);
                });
            }
            BudgetWindow window = BudgetWindow.of(budget, clock.instant());
            return ledger.usage(name, window.key()).thenApply(u -> {
                ObjectNode current = out.putObject("current");
                current.put("window", window.key()).put("spent", plain(u.spent())).put("reserved", plain(u.reserved()))
                        .put("remaining", plain(budget.limit().subtract(u.spent()).subtract(u.reserved()).max(BigDecimal.ZERO)))
                        .put("unit", budget.countsUsd() ? "usd" : "tokens")
                        .put("resets_at", window.resetAt() == null ? null : window.resetAt().toString());
                return new Reply(200, out);
            });
        }).toCompletableFuture();
    }

    private CompletableFuture<Reply> topUp(String name, JsonNode body, String actor) {
        JsonNode amountNode = body.get("amount_usd");
        if (amountNode == null || !amountNode.isTextual()) {
            throw GatewayException.badRequest("amount_usd", "'amount_usd' is required: a positive decimal in quotes, e.g. \"25.00\".");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(amountNode.textValue());
        } catch (NumberFormatException e) {
            throw GatewayException.badRequest("amount_usd", "'amount_usd' must be a decimal amount, got '" + amountNode.textValue() + "'.");
        }
        if (amount.signum() <= 0) {
            throw GatewayException.badRequest("amount_usd", "'amount_usd' must be positive, got '" + amountNode.textValue() + "'.");
        }
        return work(() -> audit.apply(actor, () -> {
            BudgetRepository.Row row = repository.lock(name).orElseThrow(() -> notFound(name));
            if (!registry.parse(row.definition()).prepaid()) {
                throw GatewayException.badRequest("name", "Budget '" + name + "' is not prepaid; only prepaid budgets take top-ups.");
            }
            BudgetLedger.Balance after = ledger.topUpNow(name, amount);
            // The credit locked the balance row, so nothing else moved it between before and after.
            BudgetLedger.Balance before = new BudgetLedger.Balance(after.credited().subtract(amount), after.spent(), after.reserved());
            ObjectNode out = JSON.createObjectNode().put("name", name);
            out.set("balance", balance(after));
            return AuditedChange.of(new Reply(200, out), BudgetAudit.TOP_UP, BudgetAudit.target(name),
                    balance(before), balance(after).put("amount_usd", plain(amount)));
        }));
    }

    private static ObjectNode balance(BudgetLedger.Balance b) {
        return JSON.createObjectNode().put("credited_usd", plain(b.credited())).put("spent_usd", plain(b.spent()))
                .put("reserved_usd", plain(b.reserved())).put("available_usd", plain(b.available()));
    }

    /** The stored definition, locked for the rest of the change's transaction; 404 when there is none. */
    private JsonNode stored(String name) {
        return json(repository.lock(name).orElseThrow(() -> notFound(name)).definition());
    }

    /**
     * Runs the change with its audit entry in one transaction on the storage executor, then
     * reloads the registry so this node enforces the change at once.
     */
    private CompletableFuture<Reply> change(String actor, java.util.function.Supplier<AuditedChange<Reply>> change) {
        return work(() -> {
            Reply reply = audit.apply(actor, change);
            try {
                registry.reload();
            } catch (RuntimeException e) {
                // The change is stored and audited; the registry's own refresh picks it up within seconds.
                LOG.warn("budget change stored, but reloading budgets failed: {}", e.toString());
            }
            return reply;
        });
    }

    private BudgetDefinition validate(JsonNode body) {
        try {
            return registry.parse(body.toString());
        } catch (ConfigException e) {
            String first = e.problems().get(0);
            int colon = first.indexOf(": ");
            String field = colon > 0 ? first.substring(0, colon) : null;
            throw GatewayException.badRequest(field, "Invalid budget: " + String.join("; ", e.problems()));
        }
    }

    private static JsonNode body(Exchange exchange) {
        try {
            JsonNode body = JSON.readTree(IngressStage.request(exchange).content().toString(StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                throw GatewayException.badRequest(null, "The body must be a JSON object.");
            }
            return body;
        } catch (java.io.IOException e) {
            throw GatewayException.badRequest(null, "The body is not valid JSON.");
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored budget is not JSON", e);
        }
    }

    private <T> CompletableFuture<T> work(java.util.function.Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, storage);
    }

    private static GatewayException notFound(String name) {
        return new GatewayException(404, "invalid_request_error", "budget_not_found", "name", "No budget named '" + name + "'.");
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static Exception translate(Throwable error, RequestState state) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof GatewayException g) {
            return g;
        }
        LOG.warn("trace {}: budget admin call failed: {}", state.traceId(), cause.toString());
        return new GatewayException(503, "api_error", "storage_unavailable", null, "Budgets cannot be changed right now; retry shortly.",
                null, cause);
    }
}
