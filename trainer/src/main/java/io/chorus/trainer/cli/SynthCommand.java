package io.chorus.trainer.cli;

import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.schemas.ops.ProgressBar;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic anuran chorus data set in AnuraSet's layout (metadata.csv, audio/<site>/*.wav, events.csv).")
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Directory to write (created).")
    Path out;

    @Option(names = "--config", description = "Properties file overriding the generator defaults (see ChorusConfig). Default: none")
    Path config;

    @Option(names = "--seed", description = "Overrides the config's seed. Default: the config's (42)")
    Long seed;

    @Option(names = "--recordings-per-site", description = "Overrides recordings per site. Default: the config's (24)")
    Integer recordingsPerSite;

    @Option(names = "--clip-hop", description = "Overrides the clip hop in seconds. Default: the config's (1.0)")
    Double clipHop;

    @Override
    public Integer call() throws Exception {
        ChorusConfig c = config == null ? ChorusConfig.defaults() : ChorusConfig.load(config);
        c = new ChorusConfig(seed == null ? c.seed() : seed, c.sites(), new ChorusConfig.Recordings(
                recordingsPerSite == null ? c.recordingsPerSite() : recordingsPerSite, c.recordingSeconds(), c.sampleRateHz()),
                new ChorusConfig.Clips(c.clipSeconds(), clipHop == null ? c.clipHopSeconds() : clipHop), c.testFraction(), c.snr(),
                c.species());
        ProgressBar bar = new ProgressBar(System.err, "synth", (long) c.sites().size() * c.recordingsPerSite(), "recordings");
        int clips = AnuraSetLayoutWriter.write(new ChorusGenerator(c), out, bar::update);
        System.out.println("wrote " + clips + " clips to " + out.toAbsolutePath());
        return 0;
    }
}
