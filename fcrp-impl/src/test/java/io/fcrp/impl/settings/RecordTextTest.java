package io.fcrp.impl.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.replica.ReplicaConfig;
import org.junit.jupiter.api.Test;

/** The configurations are records, whose generated text would show the token in any log that prints one. */
class RecordTextTest {

    private static final String TOKEN = "s3cret-token";

    @Test
    void aPrimaryConfigurationsTextSaysThatItHasATokenButNotWhichOne() {
        String text = PrimaryConfig.builder().authToken(TOKEN).build().toString();

        assertFalse(text.contains(TOKEN), text);
        assertTrue(text.contains("authToken=(set)"), text);
        assertTrue(text.contains("bindAddress=127.0.0.1:7631"), text);
    }

    @Test
    void aReplicaConfigurationsTextSaysThatItHasNoToken() {
        String text = ReplicaConfig.builder().upstream("127.0.0.1:7631").build().toString();

        assertTrue(text.startsWith("ReplicaConfig[upstream=127.0.0.1:7631, authToken=(unset), "), text);
    }

    @Test
    void otherRecordsAreWrittenAsJavaWritesThem() {
        record Pair(String name, int count) {}
        Pair pair = new Pair("east", 2);

        assertEquals(pair.toString(), RecordText.describe(pair));
    }
}
