package io.fcrp.impl.jmx;

import java.util.Date;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.StandardMBean;

import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.jmx.SnapshotProviderMBean;

/** The snapshot provider MBean: a reading of {@link SnapshotProvider#stats()} per attribute. */
public final class SnapshotProviderMBeanImpl extends StandardMBean implements SnapshotProviderMBean {

    private static final Descriptions DESCRIPTIONS = new Descriptions(
            "The snapshot provider an FCRP primary bootstraps replicas from", Map.of(
                    "Instance", "The instance name",
                    "EntryCount", "Entries held by the store now",
                    "SnapshotsTaken", "Snapshots taken since the store started",
                    "LastSnapshotTime", "When the last snapshot was taken; empty when none was",
                    "LastSnapshotEntries", "Live entries in the last snapshot",
                    "LastSnapshotBytes", "Key and value bytes in the last snapshot"));

    private final String name;
    private final SnapshotProvider provider;

    public SnapshotProviderMBeanImpl(String name, SnapshotProvider provider) {
        super(SnapshotProviderMBean.class, false);
        this.name = name;
        this.provider = provider;
    }

    @Override
    public String getInstance() {
        return name;
    }

    @Override
    public long getEntryCount() {
        return provider.stats().entryCount();
    }

    @Override
    public long getSnapshotsTaken() {
        return provider.stats().snapshotsTaken();
    }

    @Override
    public Date getLastSnapshotTime() {
        long at = provider.stats().lastSnapshotAtMs();
        return at == 0 ? null : new Date(at);
    }

    @Override
    public long getLastSnapshotEntries() {
        return provider.stats().lastSnapshotEntries();
    }

    @Override
    public long getLastSnapshotBytes() {
        return provider.stats().lastSnapshotBytes();
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return DESCRIPTIONS.of(info.getDescription());
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return DESCRIPTIONS.of(info);
    }
}
