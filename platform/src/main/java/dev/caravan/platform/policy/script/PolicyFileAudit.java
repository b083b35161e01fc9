package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.storage.AuditEntry;
import dev.caravan.platform.storage.AuditRepository;
import dev.caravan.platform.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an audit entry when a script file of the policies folder is loaded, changed, fails or is
 * removed: target {@code file:<path in the folder>}, before/after its version (SHA-256), size and
 * state, never its source. It compares with the last recorded state of each file (read from the
 * audit log at start), so a restart writes only what changed while the gateway was down.
 * Called on the reload thread (and once at start-up), where a synchronous write is fine.
 */
public final class PolicyFileAudit implements ScriptReloader.Listener {

    public static final String PREFIX = "policy.";
    public static final String LOADED = "policy.loaded";
    public static final String CHANGED = "policy.changed";
    public static final String FAILED = "policy.failed";
    public static final String REMOVED = "policy.removed";
    static final String ACTOR_START = "system:start";
    static final String ACTOR_RELOAD = "system:reload";
    private static final int MAX_ERROR = 500;
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileAudit.class);

    private final AuditLog audit;
    /** The last recorded state by target; absent when never recorded or removed. */
    private final Map<String, JsonNode> recorded = new HashMap<>();
    /** A write failed in the last pass: the next pass tries again even if nothing changed. */
    private boolean pending;
    private boolean warned;

    public PolicyFileAudit(AuditLog audit, AuditRepository repo) {
        this.audit = audit;
        for (AuditEntry entry : repo.latestPerTarget(PREFIX)) {
            if (!entry.action().equals(REMOVED) && entry.after() != null) {
                recorded.put(entry.target(), entry.after());
            }
        }
    }

    @Override
    public void loaded(List<ScriptReloader.Loaded> files, boolean changed, boolean atStart) {
        if (!changed && !pending) {
            return;
        }
        pending = false;
        String actor = atStart ? ACTOR_START : ACTOR_RELOAD;
        Set<String> present = new HashSet<>();
        for (ScriptReloader.Loaded file : files) {
            String target = "file:" + file.file().relativePath();
            present.add(target);
            ObjectNode now = state(file);
            JsonNode before = recorded.get(target);
            if (!sameVersionAndState(before, now)) {
                String action = now.path("state").asText().equals("failed") ? FAILED : before == null ? LOADED : CHANGED;
                write(actor, action, target, before, now);
            }
        }
        for (String target : List.copyOf(recorded.keySet())) {
            if (!present.contains(target)) {
                write(actor, REMOVED, target, recorded.get(target), null);
            }
        }
    }

    private void write(String actor, String action, String target, JsonNode before, ObjectNode after) {
        try {
            audit.record(actor, action, target, before, after);
            if (after == null) {
                recorded.remove(target);
            } else {
                recorded.put(target, after);
            }
            warned = false;
        } catch (StorageException e) {
            // Not recorded: the next pass tries again. Logged once until a write succeeds.
            if (!warned) {
                LOG.warn("cannot audit policy file change {} {}: {}", action, target, e.getMessage());
            }
            warned = true;
            pending = true;
        }
    }

    private static boolean sameVersionAndState(JsonNode before, JsonNode now) {
        return before != null && Objects.equals(before.path("sha256").asText(null), now.path("sha256").asText(null))
                && before.path("state").asText("").equals(now.path("state").asText());
    }

    private static ObjectNode state(ScriptReloader.Loaded file) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("kind", file.file().kind().label());
        state.put("id", file.file().id());
        state.put("sha256", file.file().hash());
        state.put("size", file.file().text().getBytes(StandardCharsets.UTF_8).length);
        if (file.lastError() == null) {
            state.put("state", "loaded");
        } else {
            state.put("state", "failed");
            String error = file.lastError();
            state.put("error", error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) + "…" : error);
            state.put("running_sha256", file.runningHash()); // the last good version, still running; null when none
        }
        return state;
    }
}
