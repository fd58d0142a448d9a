package io.fcrp.impl.settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.StringJoiner;

/** A record's text as {@link Record#toString()} writes it, with secrets hidden, so that no log shows them. */
public final class RecordText {

    private RecordText() {}

    /** {@code Name[a=1, authToken=(set)]}: the {@code secrets} components say only whether they are set. */
    public static String describe(Record record, String... secrets) {
        List<String> hidden = List.of(secrets);
        StringJoiner text = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(record, component);
            boolean secret = hidden.contains(component.getName());
            text.add(component.getName() + "=" + (secret ? (value == null ? "(unset)" : "(set)") : value));
        }
        return text.toString();
    }

    private static Object valueOf(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a record", e);
        }
    }
}
