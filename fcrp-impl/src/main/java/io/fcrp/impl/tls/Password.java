package io.fcrp.impl.tls;

/**
 * A key store's or key's password and the file it was read from, so that a message about a wrong
 * password can say where it came from.
 */
record Password(char[] chars, String origin) {}
