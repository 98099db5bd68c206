package io.chorus.trainer.retrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.trainer.release.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The schedule's memory across restarts ({@code state.json} in the model line's directory): when
 * the last round started and ended, how, which labelled-clip offsets it read, and the round in
 * progress. A round marked in progress at start-up was killed; the next start resumes it.
 *
 * @param roundsStarted        rounds ever started (names rounds r0001, r0002 ...)
 * @param lastRoundStartedMillis 0 when no round finished yet
 * @param lastTrainedRound     the last round that trained a challenger (promoted or rejected it)
 * @param lastTrainedInputs    what it started from (base data set, labelled-clip offsets, champion): the same inputs
 *                             would train the same model again
 */
public record RoundState(int roundsStarted, String lastRoundId, long lastRoundStartedMillis, long lastRoundFinishedMillis,
                         String lastOutcome, Map<String, Long> lastEndOffsets, String inProgressRoundId, long inProgressSinceMillis,
                         String lastTrainedRound, String lastTrainedInputs) {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final RoundState EMPTY = new RoundState(0, null, 0, 0, null, Map.of(), null, 0, null, null);

    public static RoundState load(Path file) throws IOException {
        return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), RoundState.class) : EMPTY;
    }

    public void save(Path file) throws IOException {
        ModelDirectory.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    String nextRoundId() {
        return String.format("r%04d", roundsStarted + 1);
    }

    RoundState started(String roundId, long nowMillis) {
        return new RoundState(roundsStarted + 1, lastRoundId, lastRoundStartedMillis, lastRoundFinishedMillis, lastOutcome,
                lastEndOffsets, roundId, nowMillis, lastTrainedRound, lastTrainedInputs);
    }

    /**
     * @param endOffsets labelled-clip offsets the round read; null keeps the previous ones (it read none)
     * @param trainedInputs the round's inputs if it trained a challenger; null keeps the previous round's
     */
    RoundState finished(RoundOutcome outcome, Map<String, Long> endOffsets, String trainedInputs, long nowMillis) {
        boolean trained = trainedInputs != null;
        return new RoundState(roundsStarted, inProgressRoundId, inProgressSinceMillis, nowMillis, outcome.name(),
                endOffsets == null ? lastEndOffsets : Map.copyOf(endOffsets), null, 0,
                trained ? inProgressRoundId : lastTrainedRound, trained ? trainedInputs : lastTrainedInputs);
    }
}
