package io.chorus.trainer.retrain;

import io.chorus.model.features.FeatureConfig;
import io.chorus.schemas.ops.ProgressBar;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.SkipReport;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base data set, loaded once per front end (the champion's features decide the model rate
 * and window) and kept for the following rounds; unreadable clips are skipped and reported.
 */
final class BaseDataSet {

    private static final Logger LOG = LoggerFactory.getLogger(BaseDataSet.class);

    private final Path root;
    private final String variant;
    private FeatureConfig loadedFor;
    private AnuraSetDataset loaded;

    BaseDataSet(Path root, String variant) {
        this.root = root;
        this.variant = variant;
    }

    synchronized AnuraSetDataset load(FeatureConfig features) throws IOException {
        if (loaded == null || !features.equals(loadedFor)) {
            SkipReport skips = new SkipReport(false);
            ProgressBar[] bar = new ProgressBar[1];
            loaded = AnuraSetDataset.load(root, variant, features, skips, (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = new ProgressBar(System.err, "base data", total, "clips");
                }
                bar[0].update(done);
            });
            loadedFor = features;
            LOG.info("base data set {} ({}): {} clips, fingerprint {}; {}", root, variant, loaded.clips().size(),
                    loaded.fingerprint(), skips.summary());
        }
        return loaded;
    }

    /** The lineage's base data set name. */
    String name() {
        return root.getFileName() + ":" + variant;
    }
}
