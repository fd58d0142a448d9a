package io.fcrp.impl.osgi;

/** A configuration that cannot be applied; the message names the property and says why. */
final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidConfigurationException(String message) {
        super(message);
    }
}
