package io.fcrp.impl.events;

import java.util.Map;

/** Where an instance's events go: an EventAdmin, or nowhere. */
public interface EventSink extends AutoCloseable {

    /** Drops every event: the container has no EventAdmin. */
    EventSink NONE = new EventSink() {
        @Override
        public void post(String topic, Map<String, Object> figures) {
            // no EventAdmin, no events
        }

        @Override
        public void close() {
            // nothing to release
        }
    };

    /** Posts an event on {@code topic} (e.g. {@code io/fcrp/replica/STATE_CHANGED}) carrying {@code figures}. */
    void post(String topic, Map<String, Object> figures);

    @Override
    void close();
}
