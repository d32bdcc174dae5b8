package dev.vigil.server.anomaly;

import java.time.Duration;

/**
 * The anomaly rules' modes and thresholds.
 *
 * @param guessing the token-guessing rule (its limit and cool-down are guessing_limit and
 *     guessing_cooldown)
 * @param theft the token-theft rule (every TOKEN_REUSED)
 * @param stuffing the credential-stuffing rule
 * @param stuffingAccounts distinct accounts one address may fail to sign in to within the window
 * @param stuffingAddresses distinct addresses that may fail to sign in to one account within it
 * @param stuffingWindow the window of the stuffing rule
 * @param stuffingCooldown how long an address caught stuffing is refused sign-ins (enforce mode)
 * @param spike the reason-spike rule
 * @param spikeFactor how many times its baseline rate a reason must reach to count as a spike
 * @param spikeMinCount the fewest refusals in the window that can count as a spike
 * @param spikeWindow the window compared with the baseline (the previous 24 hours)
 * @param newDevice the new-device rule
 */
public record AnomalySettings(
    RuleMode guessing,
    RuleMode theft,
    RuleMode stuffing,
    int stuffingAccounts,
    int stuffingAddresses,
    Duration stuffingWindow,
    Duration stuffingCooldown,
    RuleMode spike,
    int spikeFactor,
    int spikeMinCount,
    Duration spikeWindow,
    RuleMode newDevice) {

  /** Every rule off: for benchmarks that measure what the rules cost. */
  public static AnomalySettings allOff() {
    return new AnomalySettings(
        RuleMode.OFF,
        RuleMode.OFF,
        RuleMode.OFF,
        10,
        10,
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        RuleMode.OFF,
        5,
        20,
        Duration.ofMinutes(10),
        RuleMode.OFF);
  }
}
