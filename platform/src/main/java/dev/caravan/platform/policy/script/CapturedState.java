package dev.caravan.platform.policy.script;

import dev.caravan.platform.policy.script.ScriptReloader.ScriptLoadException;
import groovy.lang.Closure;
import groovy.lang.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Freezes what a script's handlers captured from its body, once the body has run at load: a list
 * or map the body built ({@code def caps = [fast: 256]}) becomes an unmodifiable deep copy, so a
 * handler cannot grow it per request ({@code seen << req.body}); a captured value of any other
 * mutable type refuses the script. Reassigning a captured variable inside a closure is refused at
 * compile time ({@link SandboxExpressionChecker}), so together a script keeps no state across requests.
 */
final class CapturedState {

    private CapturedState() {}

    static void freeze(Closure<?>... handlers) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Closure<?> handler : handlers) {
            if (handler != null) {
                freezeClosure(handler, seen);
            }
        }
    }

    private static void freezeClosure(Closure<?> closure, Set<Object> seen) {
        if (!seen.add(closure)) {
            return;
        }
        for (Field field : closure.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || !Reference.class.isAssignableFrom(field.getType())) {
                continue;
            }
            try {
                field.setAccessible(true);
                Reference<Object> reference = (Reference<Object>) field.get(closure);
                if (reference != null) {
                    reference.set(frozen(reference.get(), field.getName(), seen));
                }
            } catch (IllegalAccessException | RuntimeException e) {
                if (e instanceof ScriptLoadException load) {
                    throw load;
                }
                throw new ScriptLoadException("could not freeze the captured variable '" + field.getName() + "'");
            }
        }
    }

    private static Object frozen(Object value, String name, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof groovy.lang.GString || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof java.util.regex.Pattern
                || value instanceof java.time.temporal.TemporalAccessor || value instanceof java.time.Duration
                || value instanceof java.time.ZoneId || value instanceof groovy.lang.Range<?> || immutableNumber(value)) {
            return value;
        }
        if (value instanceof Closure<?> closure) {
            freezeClosure(closure, seen);
            return closure;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v, name, seen)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            set.forEach(v -> copy.add(frozen(v, name, seen)));
            return Collections.unmodifiableSet(copy);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(frozen(k, name, seen), frozen(v, name, seen)));
            return Collections.unmodifiableMap(copy);
        }
        throw new ScriptLoadException("the handlers capture '" + name + "', a " + value.getClass().getSimpleName()
                + ", which could keep state across requests; capture only numbers, strings, lists and maps");
    }

    private static boolean immutableNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof java.math.BigDecimal
                || value instanceof java.math.BigInteger;
    }
}
