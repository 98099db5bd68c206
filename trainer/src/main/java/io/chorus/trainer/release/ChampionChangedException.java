package io.chorus.trainer.release;

/** The line's newest version is not the one a release was built to replace (a rollback or another trainer published). */
public final class ChampionChangedException extends Exception {

    public ChampionChangedException(String message) {
        super(message);
    }
}
