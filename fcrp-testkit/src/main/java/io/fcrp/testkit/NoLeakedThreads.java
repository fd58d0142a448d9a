package io.fcrp.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension ({@code @ExtendWith(NoLeakedThreads.class)}) that fails a test leaving
 * {@value FcrpThreads#PREFIX} threads behind: after the test's {@code @AfterEach} methods, every
 * such thread must end within {@link FcrpThreads#ENDING}.
 */
public final class NoLeakedThreads implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        FcrpThreads.awaitNone();
    }
}
