package io.chorus.audio.synthetic;

import java.util.Set;

/**
 * How one synthetic species calls and how common it is.
 *
 * @param code    species code (AnuraSet's)
 * @param voice   what one call sounds like
 * @param calling how often it calls
 * @param sites   sites where it lives
 */
public record SpeciesProfile(String code, Voice voice, Calling calling, Set<String> sites) {

    /**
     * @param carrierHz     fundamental at the call's start, Hz
     * @param sweepHz       linear frequency change over the call, Hz (negative = downward)
     * @param harmonics     number of harmonics including the fundamental
     * @param harmonicDecay amplitude ratio between successive harmonics
     * @param pulseRateHz   pulses per second within a call (0 = one continuous tone)
     * @param dutyCycle     share of each pulse period that sounds, (0, 1]
     * @param callSeconds   call length, seconds
     */
    public record Voice(double carrierHz, double sweepHz, int harmonics, double harmonicDecay, double pulseRateHz, double dutyCycle,
                        double callSeconds) {
    }

    /**
     * @param activity       probability that the species calls at all in a recording where it lives
     * @param callsPerMinute mean call rate while active
     */
    public record Calling(double activity, double callsPerMinute) {
    }
}
