package io.fcrp.api.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an FCRP MBean, attribute, operation, parameter or notification type means, in operator
 * language: the one source of the descriptions JMX clients show ({@code MBeanInfo}) and the README
 * tables repeat.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
public @interface Description {
    String value();
}
