package io.fcrp.impl.osgi;

import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.protocol.ZstdCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;

/**
 * The life of one configured instance, shared by the primary and replica components: a
 * configuration is validated whole before anything is torn down, a rejected one is logged as one
 * ERROR line and kept for {@code fcrp:status} ({@link LastRejection}), and the running instance
 * either takes a change in place or restarts, as its {@link Role} decides. It is the instance's
 * {@link InstanceControl}; every state change happens under its monitor.
 *
 * <p>Composition rather than a component superclass: bnd reads DS annotations of the component
 * class only, so the components keep them and delegate here.
 *
 * @param <S> the validated settings of the role
 * @param <I> its running instance
 */
final class InstanceLifecycle<S extends InstanceLifecycle.Settings, I extends InstanceLifecycle.Instance<S>>
        implements InstanceControl {

    private static final String NOTHING_STARTED = "nothing was started";

    /** What the lifecycle reads of a validated configuration. */
    interface Settings {

        String name();

        /** The configuration's keys that no property has, with suggestions; empty when none. */
        String unknownKeys();
    }

    /** What the lifecycle needs of a running instance. */
    interface Instance<S> {

        S settings();

        /** Unpublishes everything and frees what the instance holds. */
        void close();
    }

    /** What becomes of a change offered to the running instance; see {@link Role#change}. */
    record Change(Kind kind, String detail) {

        enum Kind {
            APPLIED,
            REFUSED,
            RESTART
        }

        static Change applied() {
            return new Change(Kind.APPLIED, null);
        }

        /** The running instance refused it and logged why; it keeps running. */
        static Change refused(String reason) {
            return new Change(Kind.REFUSED, reason);
        }

        /** It needs a new instance; {@code detail} ends the INFO line, e.g. {@code restarts: name a → b}. */
        static Change restart(String detail) {
            return new Change(Kind.RESTART, detail);
        }
    }

    /** Reads a configuration whole, e.g. {@link PrimarySettings#from(Map, Path, Path)}. */
    @FunctionalInterface
    interface Reader<S> {

        /** @throws InvalidConfigurationException naming every invalid property */
        S read(Map<String, ?> properties, Path configDir, Path dataDir);
    }

    /** How a primary and a replica differ in their lives. */
    interface Role<S, I extends Instance<S>> {

        /** Starts an instance whose name is free; {@code control} is to be published with it. */
        I start(BundleContext context, S settings, InstanceControl control) throws IOException;

        /** Applies {@code next} in place, or says that it cannot or that it needs a restart. */
        Change change(I running, S next);

        /** Why a restart with {@code next} would fail once the running instance stopped, beyond its name; or null. */
        default String restartRefusal(S current, S next) {
            return null;
        }

        /** True when {@code name} is used by what this role keeps across restarts, not by another instance. */
        default boolean ownsName(String name) {
            return false;
        }

        /** Closes the running instance for a restart. */
        default void retire(I running) {
            running.close();
        }

        /** No instance runs any more (deactivated, or a start failed): free what outlives restarts. */
        default void released() {}

        /** The shell's or JMX's stop; false when it was stopped already. */
        boolean stop(I running);

        /**
         * The shell's start: serves or replicates again, through {@code restart} (null when the
         * new instance could not start) when the role needs a new instance for it.
         */
        boolean resume(I running, Supplier<I> restart);
    }

    private final String factoryPid;
    private final String roleName;
    private final Logger log;
    private final Reader<S> reader;
    private final Role<S, I> role;
    private final String keepsRunning;
    private BundleContext context;
    private String pid;
    private LastRejection rejection;
    private I instance;

    /**
     * @param roleName {@code primary} or {@code replica}, as in the log lines and {@code fcrp.role}
     * @param log the component's logger, the category operators know
     */
    InstanceLifecycle(String factoryPid, String roleName, Logger log, Reader<S> reader, Role<S, I> role) {
        this.factoryPid = factoryPid;
        this.roleName = roleName;
        this.log = log;
        this.reader = reader;
        this.role = role;
        this.keepsRunning = "the " + roleName + " keeps running with its previous settings";
    }

    synchronized void activate(BundleContext bundleContext, Map<String, Object> properties) {
        context = bundleContext;
        pid = InstanceNames.pid(properties, factoryPid);
        rejection = new LastRejection(context, pid, roleName);
        ZstdCodec.loadNativeLibrary();
        S settings = parse(properties, NOTHING_STARTED);
        if (settings != null) {
            start(settings);
        }
    }

    synchronized void modified(Map<String, Object> properties) {
        S next = parse(properties, instance != null ? keepsRunning : NOTHING_STARTED);
        if (next == null) {
            return;
        }
        if (instance == null) {
            start(next);
            return;
        }
        Change change = role.change(instance, next);
        switch (change.kind()) {
            case APPLIED -> rejection.withdraw();
            case REFUSED -> rejection.record(instance.settings().name(), change.detail(), keepsRunning);
            case RESTART -> restart(next, change.detail());
        }
    }

    synchronized void deactivate() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
        role.released();
        rejection.withdraw();
    }

    @Override
    public synchronized boolean stop() {
        return instance != null && role.stop(instance);
    }

    @Override
    public synchronized boolean start() {
        if (instance == null) {
            throw new IllegalStateException("the " + roleName + " is not running: its configuration " + pid
                    + " was rejected or could not start (fcrp:status says why)");
        }
        return role.resume(instance, this::restartAsConfigured);
    }

    /** Restarts with {@code next} unless its name is taken or the role refuses; the running instance stays then. */
    private void restart(S next, String detail) {
        S current = instance.settings();
        String refusal = nameRefusal(current, next);
        if (refusal == null) {
            refusal = role.restartRefusal(current, next);
        }
        if (refusal != null) {
            reject(current.name(), refusal, keepsRunning);
            return;
        }
        log.info("FCRP {} '{}' {}", roleName, current.name(), detail);
        role.retire(instance);
        instance = null;
        start(next);
    }

    private String nameRefusal(S current, S next) {
        if (next.name().equals(current.name())) {
            return null;
        }
        String inUse = Names.inUse(context, next.name());
        return inUse == null ? null : "the instance name '" + next.name() + "' is already used by " + inUse;
    }

    /** A new instance with the running one's settings; null when it could not start. */
    private I restartAsConfigured() {
        S settings = instance.settings();
        role.retire(instance);
        instance = null;
        start(settings);
        return instance;
    }

    private void start(S settings) {
        String inUse = role.ownsName(settings.name()) ? null : Names.inUse(context, settings.name());
        if (inUse != null) {
            reject(
                    settings.name(),
                    "the instance name '" + settings.name() + "' is already used by " + inUse,
                    NOTHING_STARTED);
            role.released();
            return;
        }
        try {
            instance = role.start(context, settings, this);
            rejection.withdraw();
        } catch (IOException | RuntimeException e) {
            role.released();
            log.error("FCRP {}: configuration {} could not start: {}", roleName, pid, e.getMessage());
            rejection.record(settings.name(), "could not start: " + e.getMessage(), NOTHING_STARTED);
        }
    }

    /** Logs the rejection as one ERROR line and keeps it for {@code fcrp:status}. */
    private void reject(String instanceName, String reason, String consequence) {
        log.error("FCRP {}: configuration {} rejected: {}; {}", roleName, pid, reason, consequence);
        rejection.record(instanceName, reason, consequence);
    }

    private S parse(Map<String, Object> properties, String consequence) {
        try {
            S settings = reader.read(properties, KarafDirectories.etc(context), KarafDirectories.fcrpData(context));
            if (!settings.unknownKeys().isEmpty()) {
                log.warn(
                        "FCRP {}: configuration {} has properties no {} knows, ignored: {}",
                        roleName,
                        pid,
                        roleName,
                        settings.unknownKeys());
            }
            return settings;
        } catch (InvalidConfigurationException e) {
            reject(instance == null ? null : instance.settings().name(), e.getMessage(), consequence);
            return null;
        }
    }
}
