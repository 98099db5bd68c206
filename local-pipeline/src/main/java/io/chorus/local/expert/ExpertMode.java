package io.chorus.local.expert;

/** Who answers review requests in the local run: the simulated expert (from the fleet's ground truth), or people in the console. */
public enum ExpertMode {
    SIMULATED, NONE
}
