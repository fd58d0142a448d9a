package io.fcrp.impl.replica;

/** Hears of every complete bootstrap that replaced a replica's non-empty data in bulk. */
@FunctionalInterface
public interface DataReplacementListener {

    /**
     * @param upstream the primary the new data came from ({@code host:port})
     * @param reason why the data was replaced, in operator language
     * @param entriesBefore entries the store held before
     * @param entriesAfter entries it holds now
     */
    void dataReplaced(String upstream, String reason, long entriesBefore, long entriesAfter);
}
