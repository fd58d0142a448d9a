package io.fcrp.impl.osgi;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.settings.TokenFile;
import java.nio.file.Path;

/** The token of a configuration: {@code auth.token}, or the first line of {@code auth.token.file}. */
final class AuthTokens {

    private AuthTokens() {}

    /**
     * Reads the token, from the file when {@code auth.token.file} is set (a relative path is
     * resolved against {@code configDir}, Karaf's {@code etc}); problems go to {@code in}.
     *
     * @param configDir the directory of relative token files, or null for the working directory
     * @return the token, or null for none (or when it could not be read)
     */
    static String read(PropertyValues in, Property<String> token, Path configDir) {
        String inline = in.get(token);
        String file = in.get(KarafProperties.AUTH_TOKEN_FILE);
        if (file == null) {
            return inline;
        }
        if (inline != null) {
            in.problems()
                    .add(token.name() + " and " + KarafProperties.AUTH_TOKEN_FILE.name() + " are both set: keep one");
            return null;
        }
        Path path = configDir == null ? Path.of(file) : configDir.resolve(file);
        try {
            String read = TokenFile.read(path);
            in.remember(token, read);
            return read;
        } catch (IllegalArgumentException e) {
            in.problems().add(KarafProperties.AUTH_TOKEN_FILE.name() + " " + e.getMessage());
            return null;
        }
    }
}
