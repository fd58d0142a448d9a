package io.fcrp.impl.jmx;

import io.fcrp.api.jmx.Description;
import io.fcrp.api.jmx.Impact;
import io.fcrp.api.jmx.Name;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;

/**
 * An FCRP MBean whose {@code MBeanInfo} comes from the annotations of its interface alone
 * ({@link Description}, {@link io.fcrp.api.jmx.Units}, {@link Name}, {@link Impact}): descriptions,
 * units, parameter names and impacts have one source, and no implementation type (constructor)
 * is listed. Its notification types are the interface's {@code String} constants with a
 * {@link Description}; user data is a {@code CompositeData} of the event's figures.
 */
abstract class DescribedMBean extends StandardEmitterMBean {

    private final Class<?> mbeanInterface;
    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();

    /** @param source the notifications' source: an ObjectName, which any JMX client can deserialize */
    <T> DescribedMBean(Class<T> mbeanInterface, ObjectName source) {
        super(mbeanInterface, false, new NotificationBroadcasterSupport(notificationsOf(mbeanInterface)));
        this.mbeanInterface = mbeanInterface;
        this.source = source;
    }

    /** Sends a notification of {@code type} whose user data holds {@code figures} (a composite named after the type). */
    final void notify(String type, String message, Map<String, Object> figures) {
        notify(type, message, OpenTypes.composite(type, figures));
    }

    /** Sends a notification of {@code type} with {@code userData}. */
    final void notify(String type, String message, Object userData) {
        Notification notification =
                new Notification(type, source, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        notification.setUserData(userData);
        sendNotification(notification);
    }

    /** One notification info per {@link Description}-annotated {@code String} constant of the interface. */
    static MBeanNotificationInfo[] notificationsOf(Class<?> mbeanInterface) {
        List<MBeanNotificationInfo> infos = new ArrayList<>();
        for (Field field : mbeanInterface.getFields()) {
            Description description = field.getAnnotation(Description.class);
            if (description != null && field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                infos.add(new MBeanNotificationInfo(
                        new String[] {constant(field)}, Notification.class.getName(), description.value()));
            }
        }
        return infos.toArray(new MBeanNotificationInfo[0]);
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("constant " + field + " is not readable", e);
        }
    }

    /** The interface, never the implementation class: JMX clients see no implementation type. */
    @Override
    protected final String getClassName(MBeanInfo info) {
        return mbeanInterface.getName();
    }

    @Override
    protected final String getDescription(MBeanInfo info) {
        Description description = mbeanInterface.getAnnotation(Description.class);
        return description != null ? description.value() : info.getDescription();
    }

    @Override
    protected final String getDescription(MBeanAttributeInfo info) {
        Method getter = method((info.isIs() ? "is" : "get") + info.getName());
        Description description = getter == null ? null : getter.getAnnotation(Description.class);
        return description != null ? description.value() : info.getDescription();
    }

    @Override
    protected final String getDescription(MBeanOperationInfo info) {
        Method operation = method(info.getName());
        Description description = operation == null ? null : operation.getAnnotation(Description.class);
        return description != null ? description.value() : info.getDescription();
    }

    @Override
    protected final int getImpact(MBeanOperationInfo info) {
        Method operation = method(info.getName());
        Impact impact = operation == null ? null : operation.getAnnotation(Impact.class);
        return impact != null ? impact.value() : info.getImpact();
    }

    @Override
    protected final String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Name name = parameterAnnotation(op, sequence, Name.class);
        return name != null ? name.value() : param.getName();
    }

    @Override
    protected final String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description description = parameterAnnotation(op, sequence, Description.class);
        return description != null ? description.value() : param.getDescription();
    }

    /** None: an MBean is created by its instance, never by a JMX client, and its class is no public type. */
    @Override
    protected final MBeanConstructorInfo[] getConstructors(MBeanConstructorInfo[] constructors, Object implementation) {
        return new MBeanConstructorInfo[0];
    }

    private <A extends java.lang.annotation.Annotation> A parameterAnnotation(
            MBeanOperationInfo op, int sequence, Class<A> type) {
        Method operation = method(op.getName());
        if (operation == null || sequence >= operation.getParameterCount()) {
            return null;
        }
        return operation.getParameters()[sequence].getAnnotation(type);
    }

    /** The interface's method of that name (FCRP MBean interfaces have no overloads). */
    private Method method(String name) {
        for (Method method : mbeanInterface.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        return null;
    }
}
