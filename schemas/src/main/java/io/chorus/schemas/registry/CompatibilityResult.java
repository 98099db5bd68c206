package io.chorus.schemas.registry;

import java.util.List;

/**
 * Answer of a compatibility test.
 *
 * @param compatible whether the registry would accept the schema
 * @param messages   why not, when the registry said (verbose mode)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
}
