package io.fcrp.api;

/** Replication counters and gauges, named as the reference implementation names them. */
public enum Metric {
    /** Mutations exported by the primary. */
    EMITTED_MUTATIONS("emitted_mutations"),
    /** MutationBatch frames published, once per batch whatever the number of replicas. */
    SENT_BATCHES("sent_batches"),
    /** Records in the published batches. */
    SENT_RECORDS("sent_records"),
    /** Encoded frame bytes (header included) of the published batches. */
    SENT_BYTES_COMPRESSED("sent_bytes_compressed"),
    /** Uncompressed payload bytes of the published batches. */
    SENT_BYTES_UNCOMPRESSED("sent_bytes_uncompressed"),
    /** Nanoseconds spent encoding and compressing batches. */
    COMPRESSION_NS("compression_ns"),
    /** Gauge: records waiting in export buffers, not yet published. */
    QUEUE_DEPTH("queue_depth"),
    /** Gauge: highest queue depth observed. */
    QUEUE_HIGH_WATERMARK("queue_high_watermark"),
    /** Replicas dropped because the backlog could not fill their gap, plus unpublishable batches. */
    DROPS("drops"),
    /** Times a replica's queue was found full. */
    BACKPRESSURE_EVENTS("backpressure_events"),
    /** Records applied by a replica. */
    REPLICA_APPLIED("replica_applied"),
    /** Records skipped by a replica as duplicates. */
    REPLICA_SKIPPED("replica_skipped"),
    /** Nanoseconds a replica spent applying batches. */
    REPLICA_APPLY_NS("replica_apply_ns"),
    /** Replica bootstraps served from the backlog. */
    CATCH_UP_BACKLOG_COUNT("catch_up_backlog_count"),
    /** Replica bootstraps that needed a snapshot. */
    CATCH_UP_SNAPSHOT_COUNT("catch_up_snapshot_count");

    private final String referenceName;

    Metric(String referenceName) {
        this.referenceName = referenceName;
    }

    /** True for the {@code replica_*} metrics, which a replica counts (a primary reports them as 0). */
    public boolean replicaSide() {
        return referenceName.startsWith("replica_");
    }

    /** The field name in the reference's metrics snapshot, for dashboards. */
    public String referenceName() {
        return referenceName;
    }
}
