/**
 * FCRP v1 replication: the services a primary and a replica node publish, the store API an
 * application uses, and the value types they exchange. All sequence and watermark values are
 * unsigned 64-bit numbers carried in a {@code long}; compare them with
 * {@link java.lang.Long#compareUnsigned(long, long)}.
 */
@Export
@Version("1.0.0")
package io.fcrp.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
