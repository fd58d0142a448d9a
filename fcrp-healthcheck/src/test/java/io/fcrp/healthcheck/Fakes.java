package io.fcrp.healthcheck;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Services of fcrp-api whose methods answer from a map of method name to value. */
final class Fakes {

    private Fakes() {}

    /** An implementation of {@code type} whose methods return {@code answers.get(methodName)}. */
    static <T> T of(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        }));
    }
}
