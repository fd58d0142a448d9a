package io.fcrp.impl.cli;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.tls.TlsContext;
import io.fcrp.impl.tls.TlsProperties;
import io.fcrp.impl.tls.TlsRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS options of {@code fcrp primary} and {@code fcrp replica}: {@code --tls} turns TLS on and
 * {@code --tls-keystore F} stands for the property {@code tls.keystore}, and so on, read and
 * checked as a configuration's (relative paths from the working directory).
 */
final class TlsOptions {

    static final String USAGE = String.join(
            "\n",
            "  --tls turns on TLS 1.3 (ALPN fcrp/1) with the files of --tls-keystore F and",
            "  --tls-keystore-password-file F (PKCS#12), or --tls-certificate F and --tls-key F (PEM,",
            "  --tls-key-password-file F when encrypted); --tls-truststore F (PEM or PKCS#12, with",
            "  --tls-truststore-password-file F) holds the CAs the peer's certificate must be signed by;",
            "  --tls-pin-sha256 HEX[,HEX] pins the peer's certificate. They are the tls.* properties of the",
            "  README's Configuration.");

    private TlsOptions() {}

    static ArgumentParser declare(ArgumentParser parser, TlsRole role) {
        parser.flag(option(TlsProperties.TLS));
        for (Property<?> property : files(role)) {
            parser.option(option(property));
        }
        return parser;
    }

    /** The TLS settings the options give, or null without {@code --tls}. */
    static TlsContext from(Arguments parsed, TlsRole role) throws UsageException {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (parsed.flag(option(TlsProperties.TLS))) {
            properties.put(TlsProperties.TLS.name(), "on");
        }
        for (Property<?> property : files(role)) {
            String value = parsed.text(option(property));
            if (value != null) {
                properties.put(property.name(), value);
            }
        }
        PropertyValues values = new PropertyValues(properties);
        TlsContext context = TlsProperties.read(values, null, role);
        if (!values.problems().isEmpty()) {
            throw new UsageException(inOptions(values.problems().describe(), role));
        }
        return context;
    }

    /** {@code tls.keystore} is {@code --tls-keystore}. */
    static String option(Property<?> property) {
        return "--" + property.name().replace('.', '-');
    }

    private static List<Property<?>> files(TlsRole role) {
        List<Property<?>> properties =
                new ArrayList<>(role == TlsRole.PRIMARY ? TlsProperties.PRIMARY : TlsProperties.REPLICA);
        properties.remove(TlsProperties.TLS);
        return properties;
    }

    /** The problems name properties; on the command line they are options. */
    private static String inOptions(String problems, TlsRole role) {
        List<Property<?>> properties =
                new ArrayList<>(role == TlsRole.PRIMARY ? TlsProperties.PRIMARY : TlsProperties.REPLICA);
        properties.sort(Comparator.comparingInt(
                        (Property<?> property) -> property.name().length())
                .reversed());
        String text = problems;
        for (Property<?> property : properties) {
            Pattern name = Pattern.compile("(?<![\\w.-])" + Pattern.quote(property.name()) + "(?![\\w.-])");
            text = name.matcher(text).replaceAll(Matcher.quoteReplacement(option(property)));
        }
        return text;
    }
}
