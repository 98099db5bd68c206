package io.chorus.schemas.ops;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with count, rate and ETA, redrawn in place on a terminal and printed
 * every 10 % when the output is a file or pipe (so CI logs stay readable).
 */
public final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;
    private String suffix = "";

    public ProgressBar(PrintStream out, String label, long total, String unit) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.terminal = System.console() != null;
    }

    /** Extra text after the rate, e.g. the running loss. */
    public ProgressBar suffix(String text) {
        this.suffix = text;
        return this;
    }

    public void update(long done) {
        long now = System.nanoTime();
        int decile = (int) (10 * Math.min(done, total) / total);
        boolean finished = done >= total;
        if (terminal ? (now - lastDraw < 200_000_000L && !finished) : (decile == lastDecile && !finished)) {
            return;
        }
        lastDraw = now;
        lastDecile = decile;
        String line = render(done, (now - started) / 1e9);
        if (terminal) {
            out.print("\r" + line + (finished ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The line for done units after elapsed seconds (public for tests). */
    public String render(long done, double elapsed) {
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = elapsed > 0 ? done / elapsed : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s  %.1f %s/s  ETA %s%s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, unit, rate, unit, clock(eta), suffix.isEmpty() ? "" : "  " + suffix);
    }

    private static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
