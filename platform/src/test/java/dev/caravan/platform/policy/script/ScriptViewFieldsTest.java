package dev.caravan.platform.policy.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Groovy reads private (also static) fields by name, so whatever an object handed to a script holds,
 * the script holds. Every field of every such object (the script base classes' own handlers aside)
 * must be a plain value, a read-only collection of values, or another such object: never a mapper,
 * a logger, a repository, the live request. A new view that keeps a host object fails here before
 * an escape test has to be written for it (ScriptHostFieldEscapeTest holds those).
 */
class ScriptViewFieldsTest {

    /** What scripts are handed: the views and the values they return. */
    private static final List<Class<?>> VIEWS = List.of(ScriptRequest.class, ScriptOutcome.class, ScriptLog.class,
            ScriptGuardInput.class, ScriptVerdict.class, ScriptStageRequest.class, ScriptSpend.class, ScriptProviderCall.class,
            ScriptUpstreamCall.class, ScriptAnswer.class, ScriptStreamStep.class, ScriptFailure.class);

    /** Values: immutable, or records of immutable values the API defines. */
    private static final Set<String> VALUE_TYPES = Set.of("java.lang.String", "java.lang.Object", "java.math.BigDecimal",
            "java.util.Map", "java.util.List", "java.util.Set", "java.time.Instant", "java.time.Duration",
            "dev.caravan.api.policy.PolicyOutcome", "dev.caravan.api.budget.BudgetDefinition", "dev.caravan.api.budget.BudgetWindow",
            "dev.caravan.api.budget.BudgetLedger$Balance", "dev.caravan.api.guardrail.GuardPhase",
            "groovy.lang.Closure"); // only ever the script's own (a verdict's mask), made in the sandbox

    @Test
    void should_hold_only_values_in_every_object_a_script_is_handed() {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> all = new ArrayList<>(VIEWS);
        for (Class<?> view : VIEWS) {
            all.addAll(List.of(view.getDeclaredClasses()));
        }
        for (Class<?> type : all) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isSynthetic() || field.getName().startsWith("$")) {
                    continue;
                }
                Class<?> t = field.getType();
                boolean value = t.isPrimitive() || t.isEnum() || Number.class.isAssignableFrom(t) || t == Boolean.class
                        || VALUE_TYPES.contains(t.getName()) || all.contains(t);
                if (!value) {
                    leaks.add(type.getSimpleName() + "." + field.getName() + (Modifier.isStatic(field.getModifiers()) ? " (static)" : "")
                            + ": " + t.getName());
                }
            }
        }
        assertEquals(List.of(), leaks, "objects handed to scripts hold host objects a script can read by name");
    }
}
