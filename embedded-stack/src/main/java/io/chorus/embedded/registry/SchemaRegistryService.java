package io.chorus.embedded.registry;

import io.chorus.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry does, independent of HTTP: subjects, versions, ids, compatibility, soft and
 * permanent deletes. Every change is written to the log first and applied to memory only once
 * the log has it; if a write fails, memory is rebuilt from the log before the next request, so
 * the stored state and the answers never disagree.
 */
final class SchemaRegistryService {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryService.class);

    /** A version as answered to clients. */
    record VersionInfo(String subject, int version, int id, String schema) {
    }

    /** Reading the whole log at start may take a while; a reload after a failed write must not. */
    private static final java.time.Duration START_REPLAY_TIMEOUT = java.time.Duration.ofSeconds(60);
    private static final java.time.Duration RELOAD_TIMEOUT = java.time.Duration.ofSeconds(3);

    private final SchemaLog log;
    private final CompatibilityLevel defaultLevel;
    private final AtomicLong skippedRecords = new AtomicLong();
    private SchemaRegistryState state;
    private boolean reloadBeforeNextCall;

    SchemaRegistryService(SchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.defaultLevel = defaultLevel;
        this.state = load(START_REPLAY_TIMEOUT);
    }

    private SchemaRegistryState load(java.time.Duration timeout) {
        SchemaRegistryState fresh = new SchemaRegistryState(defaultLevel);
        log.replay((key, value) -> {
            try {
                fresh.apply(key, value);
            } catch (IllegalArgumentException e) {
                // A record we cannot understand must not take the registry down; count it and go on.
                skippedRecords.incrementAndGet();
                LOG.warn("skipping unreadable registry record key={} : {}", key, e.getMessage());
            }
        }, timeout);
        return fresh;
    }

    /** Store records that could not be applied at start (a metric). */
    long skippedRecords() {
        return skippedRecords.get();
    }

    synchronized int schemaCount() {
        return state.schemaCount();
    }

    /**
     * Before a change: if an earlier write failed, it may still have landed, so rebuild memory
     * from the log first. Reads answer from memory meanwhile: it holds every change a client was
     * told succeeded.
     */
    private void ensureFresh() {
        if (reloadBeforeNextCall) {
            try {
                state = load(RELOAD_TIMEOUT);
                reloadBeforeNextCall = false;
            } catch (RuntimeException e) {
                throw RegistryError.storeError("cannot reload state after a failed write: " + e.getMessage());
            }
        }
    }

    private void write(String key, String value) {
        try {
            log.append(key, value);
        } catch (RuntimeException e) {
            // The write may or may not have landed: trust only the log from now on.
            reloadBeforeNextCall = true;
            throw e instanceof RegistryError re ? re : RegistryError.storeError(e.getMessage());
        }
        state.apply(key, value);
    }

    // ---- schemas ----

    static Schema parseAvro(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("the request has no schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema(e.toString());
        }
    }

    static void requireAvro(String schemaType, boolean hasReferences) {
        if (schemaType != null && !schemaType.equalsIgnoreCase("AVRO")) {
            throw RegistryError.invalidSchema("schemaType " + schemaType + " is not supported by this registry (AVRO only)");
        }
        if (hasReferences) {
            throw RegistryError.invalidSchema("schema references are not supported by this registry");
        }
    }

    /** Registers (or finds) the schema under the subject; returns its id. */
    synchronized int register(String subject, String schemaText) {
        ensureFresh();
        Schema schema = parseAvro(schemaText);
        String canonical = schema.toString();
        List<SchemaRegistryState.Version> live = state.versions(subject, false);
        for (SchemaRegistryState.Version v : live) {
            if (state.schema(v.id()).map(canonical::equals).orElse(false)) {
                return v.id(); // already there: registration is idempotent
            }
        }
        List<String> problems = AvroCompatibility.violations(level(subject), schema, earlier(live));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems);
        }
        Optional<Integer> existingId = state.idOf(canonical);
        int id = existingId.orElseGet(state::nextId);
        if (existingId.isEmpty()) {
            write(SchemaRegistryState.idKey(id), SchemaRegistryState.idValue(id, canonical));
        }
        int version = state.nextVersion(subject);
        write(SchemaRegistryState.versionKey(subject, version), SchemaRegistryState.versionValue(subject, version, id, false));
        LOG.info("registered {} version {} as schema id {}", subject, version, id);
        return id;
    }

    /** The version of the subject holding this schema. */
    synchronized VersionInfo lookup(String subject, String schemaText, boolean includeDeleted) {
                Schema schema = parseAvro(schemaText);
        String canonical = schema.toString();
        if (!state.subjectExists(subject) || (!includeDeleted && state.versions(subject, false).isEmpty())) {
            throw RegistryError.subjectNotFound(subject);
        }
        List<SchemaRegistryState.Version> versions = state.versions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            SchemaRegistryState.Version v = versions.get(i);
            if (state.schema(v.id()).map(canonical::equals).orElse(false)) {
                return info(v);
            }
        }
        throw RegistryError.schemaNotFound("no version of subject '" + subject + "' holds this schema");
    }

    synchronized String schemaById(int id) {
                return state.schema(id).orElseThrow(() -> RegistryError.schemaNotFound("schema id " + id));
    }

    synchronized List<VersionInfo> usesOf(int id, boolean includeDeleted) {
                if (state.schema(id).isEmpty()) {
            throw RegistryError.schemaNotFound("schema id " + id);
        }
        return state.usesOf(id, includeDeleted).stream().map(this::info).toList();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
                return state.subjectNames(includeDeleted);
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
                List<SchemaRegistryState.Version> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaRegistryState.Version::version).toList();
    }

    synchronized VersionInfo version(String subject, String versionText, boolean includeDeleted) {
                return info(resolve(subject, versionText, includeDeleted));
    }

    private SchemaRegistryState.Version resolve(String subject, String versionText, boolean includeDeleted) {
        int requested = parseVersion(versionText);
        List<SchemaRegistryState.Version> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        if (requested == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == requested).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, requested));
    }

    /** Parses a version: a positive int, or "latest" / -1 for the newest. */
    static int parseVersion(String text) {
        if (text.equalsIgnoreCase("latest")) {
            return -1;
        }
        try {
            int v = Integer.parseInt(text);
            if (v == -1 || v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw RegistryError.invalidVersion(text);
    }

    // ---- deletes ----

    /** Soft delete marks every live version deleted; permanent delete removes soft-deleted ones. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        ensureFresh();
        if (!state.subjectExists(subject)) {
            throw RegistryError.subjectNotFound(subject);
        }
        List<Integer> done = new ArrayList<>();
        if (permanent) {
            if (!state.versions(subject, false).isEmpty()) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            for (SchemaRegistryState.Version v : state.versions(subject, true)) {
                write(SchemaRegistryState.versionKey(subject, v.version()), null);
                done.add(v.version());
            }
            write(SchemaRegistryState.configKey(subject), null);
        } else {
            List<SchemaRegistryState.Version> live = state.versions(subject, false);
            if (live.isEmpty()) {
                throw RegistryError.subjectNotFound(subject);
            }
            for (SchemaRegistryState.Version v : live) {
                write(SchemaRegistryState.versionKey(subject, v.version()),
                        SchemaRegistryState.versionValue(subject, v.version(), v.id(), true));
                done.add(v.version());
            }
        }
        LOG.info("{} deleted subject {} versions {}", permanent ? "permanently" : "soft", subject, done);
        return done;
    }

    synchronized int deleteVersion(String subject, String versionText, boolean permanent) {
        ensureFresh();
        SchemaRegistryState.Version v = resolve(subject, versionText, permanent);
        if (permanent) {
            if (!v.deleted()) {
                throw RegistryError.versionNotSoftDeleted(subject, v.version());
            }
            write(SchemaRegistryState.versionKey(subject, v.version()), null);
        } else {
            write(SchemaRegistryState.versionKey(subject, v.version()),
                    SchemaRegistryState.versionValue(subject, v.version(), v.id(), true));
        }
        return v.version();
    }

    // ---- compatibility ----

    /** Problems the schema would have against the given version (or all, for transitive levels at "latest"). */
    synchronized List<String> testCompatibility(String subject, String versionText, String schemaText) {
                Schema schema = parseAvro(schemaText);
        List<SchemaRegistryState.Version> live = state.versions(subject, false);
        int requested = parseVersion(versionText);
        if (live.isEmpty()) {
            if (requested == -1) {
                return List.of(); // nothing to be incompatible with
            }
            throw RegistryError.subjectNotFound(subject);
        }
        List<SchemaRegistryState.Version> against = live;
        if (requested != -1) {
            against = List.of(resolve(subject, versionText, false));
        }
        return AvroCompatibility.violations(level(subject), schema, earlier(against));
    }

    synchronized CompatibilityLevel globalLevel() {
                return state.globalLevel();
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
                return state.subjectLevel(subject);
    }

    synchronized CompatibilityLevel level(String subject) {
        return state.subjectLevel(subject).orElse(state.globalLevel());
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        ensureFresh();
        write(SchemaRegistryState.configKey(subject), SchemaRegistryState.configValue(level));
    }

    synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        ensureFresh();
        CompatibilityLevel old = state.subjectLevel(subject).orElseThrow(() -> RegistryError.subjectNotFound(subject));
        write(SchemaRegistryState.configKey(subject), null);
        return old;
    }

    private List<AvroCompatibility.Earlier> earlier(List<SchemaRegistryState.Version> versions) {
        List<AvroCompatibility.Earlier> out = new ArrayList<>();
        for (SchemaRegistryState.Version v : versions) {
            out.add(new AvroCompatibility.Earlier(v.version(), new Schema.Parser().parse(state.schema(v.id()).orElseThrow())));
        }
        return out;
    }

    private VersionInfo info(SchemaRegistryState.Version v) {
        return new VersionInfo(v.subject(), v.version(), v.id(), state.schema(v.id()).orElseThrow());
    }
}
