package dev.caravan.platform.policy.script;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a policy script may name. Scripts are dynamically typed, so a receiver allow-list on static
 * types would see {@code Object} almost everywhere; instead every class a script <em>names</em>
 * (types, constructors, casts, static calls, imports) must be on {@link #ALLOWED_CLASSES}, and every
 * method or property name on {@link #DENIED_NAMES} is refused whatever the receiver, because the
 * dangerous objects (classes, class loaders, meta classes, processes) are reached through those
 * names. The operator widens both lists with {@code policies.sandbox.allow_classes|allow_methods}.
 */
final class SandboxRules {

    static final List<String> ALLOWED_CLASSES = List.of(
            "java.lang.Object", "java.lang.String", "java.lang.CharSequence", "java.lang.StringBuilder",
            "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
            "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.lang.Math",
            "java.lang.Comparable", "java.lang.Iterable", "java.lang.Exception", "java.lang.RuntimeException",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.math.BigDecimal", "java.math.BigInteger", "java.math.RoundingMode",
            "java.util.List", "java.util.Map", "java.util.Set", "java.util.Collection", "java.util.ArrayList",
            "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Collections",
            "java.util.Objects", "java.util.Optional", "java.util.Locale", "java.util.Map$Entry",
            "java.util.regex.Pattern", "java.util.regex.Matcher",
            "java.time.Duration", "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime",
            "java.time.LocalDateTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.ZoneId",
            "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.temporal.ChronoUnit",
            "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage",
            "groovy.lang.Closure", "groovy.lang.GString", "groovy.lang.IntRange", "groovy.lang.Range",
            "com.fasterxml.jackson.databind.JsonNode", "com.fasterxml.jackson.databind.node.ObjectNode",
            "com.fasterxml.jackson.databind.node.ArrayNode",
            "dev.caravan.api.RequestContext", "dev.caravan.api.Usage", "dev.caravan.api.Money",
            "dev.caravan.api.policy.RequestPolicy", "dev.caravan.api.policy.PolicyRequest",
            "dev.caravan.api.policy.PolicyDecision", "dev.caravan.api.policy.PolicyDecision$Outcome",
            "dev.caravan.api.policy.PolicyOutcome", "dev.caravan.api.policy.PolicyNote",
            PolicyScript.class.getName(), ScriptRequest.class.getName(), ScriptOutcome.class.getName(),
            ScriptLog.class.getName(), GuardrailScript.class.getName(), ScriptGuardInput.class.getName(),
            ScriptVerdict.class.getName(), StageScript.class.getName(), ScriptStageRequest.class.getName(),
            "dev.caravan.api.stage.StageDecision", RedactorScript.class.getName(), "dev.caravan.api.redaction.Redaction",
            BudgetScript.class.getName(), ProviderScript.class.getName());

    /**
     * Names that lead out of the sandbox: reflection and class loading, meta-programming, dynamic
     * dispatch by name, processes (Groovy's {@code String.execute()}), URLs, sleeping and threads
     * (work that would outlive the time limit), re-entering the compiler, reading class-path resources
     * and changing JVM-wide defaults ({@code Locale.setDefault}).
     */
    static final Set<String> DENIED_NAMES = Set.of(
            "getClass", "class", "forName", "getClassLoader", "classLoader", "loadClass", "defineClass",
            "newInstance", "getDeclaredMethod", "getDeclaredMethods", "getMethod", "getMethods",
            "getDeclaredField", "getDeclaredFields", "getField", "getFields", "getDeclaredConstructor",
            "getConstructor", "setAccessible", "invoke", "invokeMethod", "doMethodInvoke",
            "metaClass", "getMetaClass", "setMetaClass", "getProperty", "setProperty", "properties",
            "getProperties", "metaPropertyValues", "getMetaPropertyValues", "hasProperty", "respondsTo",
            "mixin", "execute", "exit", "halt", "exec", "getRuntime", "toURL", "toURI", "sleep", "start",
            "evaluate", "run", "binding", "getBinding", "setBinding", "parallelStream", "parallel",
            "delayedExecutor", "getInteger", "getLong", "getBoolean", "finalize", "wait", "notify", "notifyAll",
            "getDeclaredConstructors", "getConstructors", "getResource", "getResourceAsStream", "getResources",
            "getProtectionDomain", "getModule", "module", "setDefault",
            // A closure's owner, delegate and this object lead back to the script object and its class;
            // changing the delegate or resolve strategy re-routes the closure's unqualified calls.
            "owner", "getOwner", "delegate", "getDelegate", "setDelegate", "thisObject", "getThisObject",
            "rehydrate", "dehydrate", "resolveStrategy", "getResolveStrategy", "setResolveStrategy", "directive",
            "setDirective", "getMaximumNumberOfParameters", "parameterTypes", "getParameterTypes",
            // Caches that live as long as the closure: state kept across requests without bound.
            "memoize", "memoizeAtMost", "memoizeAtLeast", "memoizeBetween",
            // Blocking or waiting on work that another thread may never finish.
            "await", "park", "lock", "lockInterruptibly", "acquire", "take", "anyOf", "allOf", "obtrudeValue",
            "asImmutable", "asSynchronized", "intern", "getStackTrace", "printStackTrace", "fillInStackTrace",
            "getSuppressed", "getCause", "cause", "stackTrace", "suppressed");

    private final Set<String> allowedClasses;
    private final Set<String> deniedNames;

    SandboxRules(List<String> extraClasses, List<String> allowedNames) {
        this.allowedClasses = new HashSet<>(ALLOWED_CLASSES);
        this.allowedClasses.addAll(extraClasses);
        this.deniedNames = new HashSet<>(DENIED_NAMES);
        allowedNames.forEach(this.deniedNames::remove);
    }

    boolean classAllowed(String className) {
        return allowedClasses.contains(className);
    }

    Set<String> allowedClasses() {
        return Set.copyOf(allowedClasses);
    }

    /** Names refused whatever the receiver; any name ending in {@code Async} starts work on another pool. */
    /**
     * Classes a script may name but not construct, and the only static methods it may call on them:
     * a CompletableFuture a script makes itself is one nobody completes, and {@code join()} on it
     * would block a worker past any time limit (it ignores interrupts).
     */
    static final java.util.Map<String, Set<String>> STATIC_ONLY = java.util.Map.of(
            "java.util.concurrent.CompletableFuture", Set.of("completedFuture", "failedFuture", "completedStage", "failedStage"));

    boolean nameDenied(String name) {
        return deniedNames.contains(name) || (name.endsWith("Async") && !name.equals("Async"));
    }
}
