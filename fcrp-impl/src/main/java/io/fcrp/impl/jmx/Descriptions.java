package io.fcrp.impl.jmx;

import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;

/** Operator descriptions of MBean attributes and operations, as JConsole shows them. */
final class Descriptions {

    private final String mbean;
    private final Map<String, String> byName;

    Descriptions(String mbean, Map<String, String> byName) {
        this.mbean = mbean;
        this.byName = byName;
    }

    String of(String fallback) {
        return mbean != null ? mbean : fallback;
    }

    String of(MBeanAttributeInfo info) {
        return byName.getOrDefault(info.getName(), info.getDescription());
    }

    String of(MBeanOperationInfo info) {
        return byName.getOrDefault(info.getName(), info.getDescription());
    }
}
