package dev.caravan.platform.config;

import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * A {@code when} condition of a conditional alias, e.g. {@code metadata.tier == 'gold'}, compiled
 * once at config load. Expressions (Apache Commons JEXL) see only {@code metadata}, {@code tenant},
 * {@code key}, {@code model} and {@code params} (the request's top-level scalar fields) and may
 * call no Java methods or classes: the syntax refuses method calls, {@code new}, loops,
 * assignments, functions and pragmas (a bad condition fails config load, not a request), and the
 * restricted permissions keep property reads away from dangerous classes. What is left is plain
 * comparisons, boolean logic, arithmetic, string operators and {@code size}/{@code empty}.
 */
public final class RouteCondition {

    /** Permissions alone would still let {@code 'x'.repeat(1e9)} or {@code while (true) {}} run on a request thread. */
    private static final JexlFeatures EXPRESSIONS_ONLY = new JexlFeatures()
            .methodCall(false)
            .newInstance(false)
            .loops(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .lambda(false)
            .localVar(false)
            .pragma(false)
            .annotation(false);

    private static final JexlEngine JEXL = new JexlBuilder()
            .features(EXPRESSIONS_ONLY)
            .permissions(JexlPermissions.RESTRICTED)
            .strict(false)
            .safe(true)
            .silent(false)
            .cache(256)
            .create();

    private final String source;
    private final JexlScript script;

    private RouteCondition(String source, JexlScript script) {
        this.source = source;
        this.script = script;
    }

    public static RouteCondition compile(String source) {
        return new RouteCondition(source, JEXL.createScript(source));
    }

    /** Null when {@code source} is a valid condition, else the problem, for config errors. */
    public static String check(String source) {
        try {
            compile(source);
            return null;
        } catch (JexlException e) {
            return "invalid condition '" + source + "': " + e.getMessage().replaceAll("^[^ ]*@\\d+:\\d+ ", "");
        }
    }

    /** True when the condition holds for {@code facts}; an evaluation error counts as false. */
    public boolean matches(Map<String, Object> facts) {
        JexlContext context = new MapContext(facts);
        try {
            return Boolean.TRUE.equals(script.execute(context));
        } catch (JexlException e) {
            return false;
        }
    }

    public String source() {
        return source;
    }
}
