package io.fcrp.impl.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate names the host a replica connects to, as HTTPS clients check (RFC 6125):
 * an IP address must be one of its IP subject alternative names, a host name one of its DNS
 * names (a wildcard {@code *.example.com} stands for exactly one left-most label). The subject's
 * common name does not count.
 */
final class HostIdentity {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostIdentity() {}

    static void check(X509Certificate certificate, String host) throws PeerIdentityException {
        List<String> names = new ArrayList<>();
        boolean ipHost = IPV4.matcher(host).matches() || host.contains(":");
        for (List<?> name : alternativeNames(certificate)) {
            int type = (Integer) name.get(0);
            String value = String.valueOf(name.get(1));
            if (type == IP_ADDRESS) {
                names.add("IP " + value);
                if (ipHost && sameAddress(value, host)) {
                    return;
                }
            } else if (type == DNS_NAME) {
                names.add("DNS " + value);
                if (!ipHost && dnsMatches(value, host)) {
                    return;
                }
            }
        }
        throw new PeerIdentityException("the primary's certificate "
                + certificate.getSubjectX500Principal().getName()
                + " does not name the host " + host + " (its subject alternative names: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + "): add " + (ipHost ? "IP:" : "DNS:") + host
                + " to the certificate, or pin it with tls.pin.sha256 " + Fingerprints.of(certificate));
    }

    private static Collection<List<?>> alternativeNames(X509Certificate certificate) throws PeerIdentityException {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            throw new PeerIdentityException(
                    "the primary's certificate has unreadable subject alternative names: " + e.getMessage());
        }
    }

    private static boolean sameAddress(String certified, String host) {
        try {
            // both are literals: no name is looked up
            return InetAddress.getByName(certified).equals(InetAddress.getByName(strip(host)));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean dnsMatches(String certified, String host) {
        String pattern = normalized(certified);
        String name = normalized(host);
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(pattern.substring(1));
    }

    private static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
