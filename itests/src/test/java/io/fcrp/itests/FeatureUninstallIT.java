package io.fcrp.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import javax.management.ObjectName;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Uninstalling the feature leaves no thread, port, MBean or bundle behind. In a Karaf of its own:
 * the feature is gone for whatever would run after it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureUninstallIT extends FcrpKarafTestSupport {

    @Test
    public void uninstallLeavesNoThreadPortOrMBean() throws Exception {
        int port = streamingPair("gone");
        assertFalse(FcrpThreads.names().isEmpty());
        // the MBeans are there before (and the probe has wired io.fcrp.api.jmx, which the base class's check
        // after the test needs once the feature is gone)
        for (ObjectName name :
                List.of(FcrpObjectNames.replicationPrimary("gone-p"), FcrpObjectNames.replicaClient("gone-r"))) {
            Poll.until(name + " registered", TIMEOUT, () -> MBEANS.isRegistered(name));
        }

        // no refresh: it would restart this test's own probe bundle, which imports io.fcrp.api
        featuresService.uninstallFeature("fcrp", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));

        FcrpThreads.awaitNone(TIMEOUT);
        awaitClosed(port);
        assertTrue(MBEANS.queryNames(new ObjectName("io.fcrp:*"), null).isEmpty());
        assertTrue(Arrays.stream(bundleContext.getBundles())
                .noneMatch(bundle -> bundle.getSymbolicName().startsWith("io.fcrp.")));
    }
}
