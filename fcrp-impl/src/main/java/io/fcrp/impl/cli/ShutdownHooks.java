package io.fcrp.impl.cli;

/**
 * Where a command registers what to do when the process is told to stop (SIGTERM). The real
 * tool uses JVM shutdown hooks; in-process tests use {@link #none()}, so nothing leaks into the
 * test JVM.
 */
public interface ShutdownHooks {

    /** A registered action; cancel it once the command has stopped by itself. */
    interface Registration {
        void cancel();
    }

    Registration register(String name, Runnable action);

    /** Runs actions from JVM shutdown hooks. */
    static ShutdownHooks jvm() {
        return (name, action) -> {
            Thread hook = new Thread(action, name);
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook runs anyway; the actions are idempotent
                }
            };
        };
    }

    /** Never runs anything. */
    static ShutdownHooks none() {
        return (name, action) -> () -> {};
    }
}
