package io.chorus.trainer.gate;

/**
 * One check of the gate on one hold-out.
 *
 * @param check   macro, rare or class
 * @param species the class's code (null for macro and rare)
 * @param delta   challenger − champion, with its interval
 * @param margin  the tolerance the check allows (ε, δ or γ)
 * @param verdict what the interval says against the margin
 * @param text    the check in words, e.g. "macro F1 +0.041 [+0.012, +0.069] at 95 %: ..."
 */
public record GateCheck(String check, String species, Interval delta, double margin, Verdict verdict, String text) {
}
