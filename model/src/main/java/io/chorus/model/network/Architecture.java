package io.chorus.model.network;

import java.util.List;
import java.util.Locale;

/**
 * The two MobileNetV3 variants: Large (the paper's, ~3 M parameters at width 1.0, 960-d
 * embedding) and Small (for CPU deployments). The width multiplier scales every layer's
 * channels, rounded to multiples of 8 as in the reference implementation.
 *
 * <p>Stage boundaries for Manifold Mixup: stage 1 ends with the first group at 1/4 resolution,
 * stage 2 with the group at 1/8.
 */
public record Architecture(String family, double width) {

    private static final List<BottleneckSpec> LARGE = List.of(
            new BottleneckSpec(3, 16, 16, false, false, 1),
            new BottleneckSpec(3, 64, 24, false, false, 2),
            new BottleneckSpec(3, 72, 24, false, false, 1),
            new BottleneckSpec(5, 72, 40, true, false, 2),
            new BottleneckSpec(5, 120, 40, true, false, 1),
            new BottleneckSpec(5, 120, 40, true, false, 1),
            new BottleneckSpec(3, 240, 80, false, true, 2),
            new BottleneckSpec(3, 200, 80, false, true, 1),
            new BottleneckSpec(3, 184, 80, false, true, 1),
            new BottleneckSpec(3, 184, 80, false, true, 1),
            new BottleneckSpec(3, 480, 112, true, true, 1),
            new BottleneckSpec(3, 672, 112, true, true, 1),
            new BottleneckSpec(5, 672, 160, true, true, 2),
            new BottleneckSpec(5, 960, 160, true, true, 1),
            new BottleneckSpec(5, 960, 160, true, true, 1));

    private static final List<BottleneckSpec> SMALL = List.of(
            new BottleneckSpec(3, 16, 16, true, false, 2),
            new BottleneckSpec(3, 72, 24, false, false, 2),
            new BottleneckSpec(3, 88, 24, false, false, 1),
            new BottleneckSpec(5, 96, 40, true, true, 2),
            new BottleneckSpec(5, 240, 40, true, true, 1),
            new BottleneckSpec(5, 240, 40, true, true, 1),
            new BottleneckSpec(5, 120, 48, true, true, 1),
            new BottleneckSpec(5, 144, 48, true, true, 1),
            new BottleneckSpec(5, 288, 96, true, true, 2),
            new BottleneckSpec(5, 576, 96, true, true, 1),
            new BottleneckSpec(5, 576, 96, true, true, 1));

    public Architecture {
        family = family.toLowerCase(Locale.ROOT);
        if (!family.equals("large") && !family.equals("small")) {
            throw new IllegalArgumentException("architecture family must be large or small, got '" + family + "'");
        }
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException("width multiplier must be in (0, 4], got " + width);
        }
    }

    public static Architecture large() {
        return new Architecture("large", 1.0);
    }

    public static Architecture small(double width) {
        return new Architecture("small", width);
    }

    /** Parses names like {@code mobilenetv3-large-1.0} or {@code small-0.5}. */
    public static Architecture parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("mobilenetv3-", "");
        String[] parts = n.split("-");
        try {
            return new Architecture(parts[0], parts.length > 1 ? Double.parseDouble(parts[1]) : 1.0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture '" + name + "': width is not a number", e);
        }
    }

    /** Name as stored in a release, e.g. mobilenetv3-small-0.5. */
    public String id() {
        return "mobilenetv3-" + family + "-" + width;
    }

    List<BottleneckSpec> blocks() {
        return family.equals("large") ? LARGE : SMALL;
    }

    /** Index of the first block after stage 1 and stage 2. */
    int[] stageEnds() {
        return family.equals("large") ? new int[] {3, 6} : new int[] {1, 3};
    }

    int stemChannels() {
        return divisible(16);
    }

    /** Channels of the final 1×1 convolution: the embedding size (960 for Large at width 1). */
    public int embeddingSize() {
        int lastOut = blocks().get(blocks().size() - 1).out();
        return divisible(lastOut * 6);
    }

    /** Channels scaled by the width, rounded to a multiple of 8. */
    int divisible(double channels) {
        return makeDivisible(channels * width);
    }

    /** Rounds to the nearest multiple of 8 (at least 8), never more than 10 % down, as the reference code does. */
    static int makeDivisible(double v) {
        int rounded = Math.max(8, (int) (v + 4) / 8 * 8);
        return rounded < 0.9 * v ? rounded + 8 : rounded;
    }
}
