/**
 * TLS 1.3 between Java nodes (opt-in): the {@code tls.*} properties read and checked whole
 * ({@link TlsProperties}: PKCS#12 or PEM keys, trust stores, pins), one {@link TlsContext} per
 * configuration with its certificate checks, the non-blocking {@code SSLEngine} driver the primary's
 * accept and session threads use ({@link TlsChannel}, {@link TlsTransport}), the replica's TLS on a
 * blocking socket ({@link TlsSocket}), and handshake failures in plain words ({@link TlsFailure}).
 *
 * <p>Imports {@code protocol}, {@code store}, {@code net} and {@code settings}; nothing of the
 * primary, the replica, OSGi, JMX or the command line, which use it.
 */
package io.fcrp.impl.tls;
