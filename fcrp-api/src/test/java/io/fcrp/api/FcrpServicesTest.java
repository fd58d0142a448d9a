package io.fcrp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FcrpServicesTest {

    @Test
    void filtersEscapeTheInstanceName() {
        assertEquals(
                "(&(objectClass=java.lang.Runnable)(fcrp.instance=a\\(b\\)\\*c\\\\d))",
                FcrpServices.filter(Runnable.class, "a(b)*c\\d"));
    }
}
