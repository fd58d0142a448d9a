package io.fcrp.impl.replica;

import io.fcrp.api.Mutation;

/** Told of every record a replica applies (not of skipped duplicates). */
@FunctionalInterface
public interface AppliedMutationListener {
    void applied(Mutation mutation);
}
