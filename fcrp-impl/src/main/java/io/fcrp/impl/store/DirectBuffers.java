package io.fcrp.impl.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Allocates little-endian direct buffers and frees them at once when the JVM allows it
 * ({@code sun.misc.Unsafe.invokeCleaner}, found reflectively so that no bundle import is
 * needed); otherwise their memory returns when the collector finds them unreachable.
 */
public final class DirectBuffers {

    private static final MethodHandle INVOKE_CLEANER = findCleaner();

    private DirectBuffers() {}

    /** A zero-filled direct buffer, or null when the JVM's direct memory cannot hold it. */
    public static ByteBuffer allocate(int bytes) {
        try {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (OutOfMemoryError e) {
            // thrown before anything is allocated ("Cannot reserve ... bytes of direct buffer memory")
            return null;
        }
    }

    /** Releases the buffer's memory now; the buffer must not be used afterwards. */
    public static void free(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(buffer);
        } catch (Throwable e) {
            // a view or an already freed buffer: leave it to the collector
        }
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
