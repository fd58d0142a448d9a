package io.fcrp.impl.osgi;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A component property type instance over a map, as Declarative Services builds one: method
 * {@code bind_addr()} reads {@code bind.addr}, falls back to the annotation default, converts text
 * to numbers and throws when it cannot.
 */
final class ConfigProxy {

    private ConfigProxy() {
    }

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(properties, args);
            }
            String key = method.getName().replace('_', '.');
            Object value = properties.containsKey(key) ? properties.get(key) : method.getDefaultValue();
            return convert(method, value);
        });
        return type.cast(proxy);
    }

    /** Configuration properties with {@code service.pid} set as Config Admin sets it. */
    static Map<String, Object> properties(String pid, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static Object convert(Method method, Object value) {
        Class<?> type = method.getReturnType();
        if (value == null) {
            if (type == int.class) {
                return 0;
            }
            return type == long.class ? (Object) 0L : null;
        }
        if (type == int.class) {
            return value instanceof Number ? ((Number) value).intValue() : Integer.parseInt(value.toString().trim());
        }
        if (type == long.class) {
            return value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString().trim());
        }
        return value.toString();
    }
}
