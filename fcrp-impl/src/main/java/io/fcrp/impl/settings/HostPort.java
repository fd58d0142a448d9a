package io.fcrp.impl.settings;

import java.net.InetSocketAddress;

/** A {@code host:port} address as written in configuration ({@code [::1]:7631} for IPv6). */
public final class HostPort {

    private final String host;
    private final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
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

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** An unresolved-until-used socket address. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostPort && ((HostPort) other).host.equals(host) && ((HostPort) other).port == port;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
