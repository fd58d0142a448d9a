package io.fcrp.api;

/**
 * A write was refused because the store's memory limit (or the JVM's direct memory) cannot hold
 * it. Nothing of the write was applied or replicated; the store is unchanged.
 */
public class StoreFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
