package io.chorus.model.release;

/**
 * Why a model release is refused: the {@link ReleaseRejectedException#reasonCode()} values, as the
 * job counts them ({@code modelReleasesRejected}) and writes them to the dead-letter topic.
 */
public final class ReleaseReasons {

    /** The artifact does not decompress, or to another size than the release announces. */
    public static final String TRUNCATED_ARTIFACT = "TRUNCATED_ARTIFACT";
    /** The artifact's SHA-256 is not the release's. */
    public static final String CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH";
    /** The bytes are not a model artifact (no zip, no manifest, parameters not matching their checksum). */
    public static final String INCOMPLETE_ARTIFACT = "INCOMPLETE_ARTIFACT";
    /** The manifest lacks the architecture, labels, front end or parameters' checksum, or names an unknown architecture. */
    public static final String INCOMPLETE_MANIFEST = "INCOMPLETE_MANIFEST";
    /** The release's labels are not the artifact's, or repeat a species. */
    public static final String LABELS_MISMATCH = "LABELS_MISMATCH";
    /** The release's architecture is not the artifact's. */
    public static final String ARCHITECTURE_MISMATCH = "ARCHITECTURE_MISMATCH";
    /** The release's front end is unusable or not the one the artifact was trained with. */
    public static final String UNUSABLE_FEATURES = "UNUSABLE_FEATURES";
    /** A threshold or rare label names a species the model has no output for. */
    public static final String UNKNOWN_LABEL = "UNKNOWN_LABEL";
    /** A threshold outside [0, 1]. */
    public static final String BAD_THRESHOLD = "BAD_THRESHOLD";
    /** A compression the job cannot read. */
    public static final String UNSUPPORTED_COMPRESSION = "UNSUPPORTED_COMPRESSION";
    /** The parameters do not load, or the network's outputs do not match the labels (known only when loaded). */
    public static final String HEAD_MISMATCH = "HEAD_MISMATCH";

    private ReleaseReasons() {
    }
}
