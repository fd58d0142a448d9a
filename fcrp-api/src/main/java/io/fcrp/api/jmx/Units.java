package io.fcrp.api.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.DescriptorKey;

/**
 * The unit of a numeric attribute or parameter ({@code ms}, {@code ns}, {@code s}, {@code bytes},
 * {@code records}, {@code entries}, …), published as the {@code units} field of its JMX descriptor.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Units {
    @DescriptorKey("units")
    String value();
}
