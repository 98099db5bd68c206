package io.chorus.model.artifact;

import io.chorus.model.features.FeatureConfig;
import java.util.List;
import java.util.Map;

/**
 * What a model artifact says about itself, stored as {@code manifest.json} beside its parameters.
 *
 * @param format           artifact format version
 * @param architecture     network id, e.g. mobilenetv3-small-0.5
 * @param labels           species codes in output order
 * @param rareLabels       the rare group
 * @param thresholds       decision threshold per species
 * @param features         the front end it was trained with
 * @param metrics          evaluation results (free-form numbers by name)
 * @param data             summary of the training data (set, variant, clips, fingerprint, mixer, seed ...)
 * @param createdAt        ISO-8601 instant
 * @param parametersSha256 hex SHA-256 of the parameter bytes
 */
public record ModelManifest(String format, String architecture, List<String> labels, List<String> rareLabels,
                            Map<String, Float> thresholds, FeatureConfig features, Map<String, Double> metrics,
                            Map<String, String> data, String createdAt, String parametersSha256) {

    public static final String FORMAT = "chorus-model/1";
}
