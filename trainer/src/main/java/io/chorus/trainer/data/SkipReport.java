package io.chorus.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a loader skipped and why: counts per reason and the first few files of each, printed at
 * the end of a run. In strict mode the first problem stops the run instead.
 */
public final class SkipReport {

    private static final int EXAMPLES_PER_REASON = 5;

    private final boolean strict;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();

    public SkipReport(boolean strict) {
        this.strict = strict;
    }

    /** Records a skipped file; throws in strict mode. */
    public synchronized void skip(String reasonCode, String message) {
        if (strict) {
            throw new IllegalStateException("strict mode: " + message + " (" + reasonCode + ")");
        }
        counts.merge(reasonCode, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(reasonCode, r -> new ArrayList<>());
        if (list.size() < EXAMPLES_PER_REASON) {
            list.add(message);
        }
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** One line per reason with its count and examples; "nothing skipped" when empty. */
    public synchronized String summary() {
        if (counts.isEmpty()) {
            return "skip report: nothing skipped";
        }
        StringBuilder sb = new StringBuilder("skip report: ").append(total()).append(" file(s) skipped");
        counts.forEach((reason, n) -> {
            sb.append(System.lineSeparator()).append("  ").append(reason).append(": ").append(n);
            for (String e : examples.get(reason)) {
                sb.append(System.lineSeparator()).append("    ").append(e);
            }
        });
        return sb.toString();
    }
}
