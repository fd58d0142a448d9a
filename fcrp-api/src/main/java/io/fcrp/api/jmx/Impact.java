package io.fcrp.api.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.MBeanOperationInfo;

/**
 * The impact of an operation as JMX clients show it: {@link MBeanOperationInfo#INFO},
 * {@link MBeanOperationInfo#ACTION} or {@link MBeanOperationInfo#ACTION_INFO}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Impact {
    int value();
}
