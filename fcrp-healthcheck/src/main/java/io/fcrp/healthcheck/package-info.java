/**
 * Felix Health Checks for FCRP: one check per primary and replica, found through the services of
 * {@code fcrp-api}, with thresholds from the configuration {@code io.fcrp.healthcheck}.
 *
 * <p>A bundle of its own so that {@code fcrp-impl} and the feature {@code fcrp} do not depend on the
 * health check API; it imports only {@code fcrp-api} and that API, never the implementation.
 */
package io.fcrp.healthcheck;
