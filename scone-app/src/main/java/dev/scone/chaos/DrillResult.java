package dev.scone.chaos;

import java.util.List;

/**
 * What one drill did and found. The promise holds when {@code answersLost}, {@code duplicates}
 * and {@code repeatedVersions} are 0 and {@code vocabularyMatches} is true (or the drill did not
 * count).
 *
 * @param name the drill
 * @param disruptions kills survived (or broker restarts)
 * @param requestsSent requests sent with distinct ids
 * @param answersLost sent ids without a committed answer at the end
 * @param duplicates sent ids with more than one committed answer
 * @param vocabularyMatches whether the last committed vocabulary equals the batch reference
 * @param repeatedVersions vocabulary versions announced more than once
 * @param exposed non-loopback addresses the job JVMs listened on (must be none)
 */
public record DrillResult(String name, int disruptions, int requestsSent, int answersLost, int duplicates,
    boolean vocabularyMatches, long repeatedVersions, List<String> exposed) {

  public boolean passed() {
    return answersLost == 0 && duplicates == 0 && vocabularyMatches && repeatedVersions == 0 && exposed.isEmpty();
  }

  public String line() {
    return String.format("%-16s %s: %d disruptions survived, %d requests, %d answers lost, %d duplicates, vocabulary %s,"
        + " %d versions repeated, job JVMs listen on loopback only: %s", name, passed() ? "PASS" : "FAIL", disruptions,
        requestsSent, answersLost, duplicates, vocabularyMatches ? "= reference" : "DIFFERS from reference", repeatedVersions,
        exposed.isEmpty() ? "yes" : "NO " + exposed);
  }
}
