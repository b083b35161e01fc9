package dev.caravan.platform.policy.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep read-only copies of the maps and lists scripts are handed, so no script call can change what the next one sees. */
final class ReadOnlyValues {

    private ReadOnlyValues() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> map) {
        return map == null ? Map.of() : (Map<String, Object>) value(map);
    }

    static Object value(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, value(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(value(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
