package io.chorus.trainer.cli;

import io.chorus.schemas.ops.ProgressBar;
import io.chorus.trainer.gate.HoldOutSizing;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gate-sizing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How big a hold-out the promotion gate needs: on constructed champion/challenger pairs with a known "
                + "difference, the share of seeded draws in which the gate reaches the right verdict, by hold-out size. "
                + "Prints a Markdown table (the README's)."})
final class GateSizingCommand implements Callable<Integer> {

    @Mixin
    GateOptions gate;

    @Option(names = "--sizes", split = ",", defaultValue = "100,200,400,800,1600",
            description = "Hold-out sizes in clips. Default: ${DEFAULT-VALUE}")
    int[] sizes;

    @Option(names = "--clips-per-recording", defaultValue = "5",
            description = "Clips each hold-out recording contributes. Default: ${DEFAULT-VALUE}")
    int clipsPerRecording;

    @Option(names = "--draws", defaultValue = "100", description = "Hold-outs drawn per size and difference. Default: ${DEFAULT-VALUE}")
    int draws;

    @Option(names = "--holdout-share", defaultValue = "0.2",
            description = "Share of reviewed clips that joins the hold-out, to turn sizes into reviewed clips. Default: ${DEFAULT-VALUE}")
    double holdOutShare;

    @Option(names = "--seed", defaultValue = "1", description = "First seed of the draws. Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() {
        HoldOutSizing sizing = new HoldOutSizing(gate.gate(), clipsPerRecording, sizes, draws, seed);
        ProgressBar bar = new ProgressBar(System.err, "gate-sizing", sizing.cells(), "cells");
        List<HoldOutSizing.Row> rows = sizing.run(bar::update);
        System.out.println(sizing.markdown(rows, holdOutShare));
        System.out.println(sizing.assumptions());
        return 0;
    }
}
