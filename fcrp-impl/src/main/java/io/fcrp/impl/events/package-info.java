/**
 * What happens to a primary or a replica as OSGi EventAdmin events on {@code io/fcrp/...} topics.
 * The EventAdmin package is imported optionally: without it every event is dropped, without an error.
 *
 * <p>Imports {@code io.fcrp.api} and the engine's listener interfaces.
 */
package io.fcrp.impl.events;
