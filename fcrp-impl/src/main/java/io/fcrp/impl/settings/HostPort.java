package io.fcrp.impl.settings;

import java.net.InetSocketAddress;

/** A {@code host:port} address as written in configuration ({@code [::1]:7631} for IPv6). */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "address must be host:port with a port 0-65535, not " + host + ":" + port);
        }
    }

    /** @throws IllegalArgumentException when the text is not {@code host:port} with a port in 0…65535 */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address must be host:port, not empty");
        }
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, not '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address port must be a number, not '" + text + "'", e);
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("address must be host:port with a port 0-65535, not '" + text + "'");
        }
        return new HostPort(host, port);
    }

    public static HostPort of(InetSocketAddress address) {
        return new HostPort(address.getHostString(), address.getPort());
    }

    /** An unresolved-until-used socket address. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
