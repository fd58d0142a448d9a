package io.fcrp.api.jmx;

import java.util.Date;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshot provider a primary serves replicas from. Registered as
 * {@code io.fcrp:type=SnapshotProvider,name=<instance>} while the primary instance has one (for an
 * external store: while the application publishes it). The notifications carry a
 * {@code CompositeData} with the session and the figures as user data.
 */
@ProviderType
@Description("The snapshot provider an FCRP primary bootstraps replicas from")
public interface SnapshotProviderMBean {

    /** Notification type; user data: {@code sessionId}, {@code replica}. */
    @Description("A snapshot is being sent to a replica")
    String SNAPSHOT_STARTED = "io.fcrp.snapshot.started";
    /** Notification type; user data: {@code sessionId}, {@code replica}, {@code entries}, {@code bytes}, {@code durationMillis}. */
    @Description("A whole snapshot was sent to a replica")
    String SNAPSHOT_FINISHED = "io.fcrp.snapshot.finished";

    @Description("The instance name")
    String getInstance();

    @Description("Entries held by the store now")
    @Units("entries")
    long getEntryCount();

    @Description("Snapshots taken since the store started")
    @Units("snapshots")
    long getSnapshotsTaken();

    @Description("When the last snapshot was taken; empty when none was")
    Date getLastSnapshotTime();

    @Description("Time since the last snapshot was taken; -1 when none was")
    @Units("ms")
    long getMillisSinceLastSnapshot();

    @Description("Live entries in the last snapshot")
    @Units("entries")
    long getLastSnapshotEntries();

    @Description("Key and value bytes in the last snapshot")
    @Units("bytes")
    long getLastSnapshotBytes();

    @Description(
            "How long sending the last whole snapshot to a replica took; -1 when none was sent since the primary started serving")
    @Units("ms")
    long getLastSnapshotDurationMillis();
}
