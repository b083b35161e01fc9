package dev.caravan.platform.policy.script;

import groovy.lang.Script;

/**
 * What a file of the policies folder is, by where it lies: a request policy (top level and
 * {@code tenants/<id>/}), a guardrail ({@code guardrails/}), a custom stage ({@code stages/}) or a log redactor ({@code redactors/}). The kind picks the script's base
 * class, and with it the DSL the script speaks.
 */
enum ScriptKind {
    POLICY(PolicyScript.class, "Policy_"),
    GUARDRAIL(GuardrailScript.class, "Guardrail_"),
    STAGE(StageScript.class, "Stage_"),
    /** {@code redactors/}: a log redactor, {@code script:<name>} in the logging config. */
    REDACTOR(RedactorScript.class, "Redactor_"),
    /** {@code budgets/}: a request policy for every tenant that may read spend ({@link BudgetScript}). */
    BUDGET(BudgetScript.class, "Budget_"),
    /** {@code providers/}: a provider adapter, {@code plugin: script:<name>} in {@code providers[]}. */
    PROVIDER(ProviderScript.class, "Provider_");

    private final Class<? extends Script> baseClass;
    private final String classPrefix;

    ScriptKind(Class<? extends Script> baseClass, String classPrefix) {
        this.baseClass = baseClass;
        this.classPrefix = classPrefix;
    }

    Class<? extends Script> baseClass() {
        return baseClass;
    }

    /** Prefix of the generated class name, stripped again from compiler messages. */
    String classPrefix() {
        return classPrefix;
    }

    /** As the admin listing and the audit log show it. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
