package io.chorus.audio.species;

import java.util.List;
import java.util.Set;

/** AnuraSet's 42 species in metadata order, and the recipe's frequent / common / rare groups. */
public final class SpeciesGroups {

    public static final List<String> ANURASET_SPECIES = List.of(
            "SPHSUR", "BOABIS", "SCIPER", "DENNAH", "LEPLAT", "RHIICT", "BOALEP", "BOAFAB", "PHYCUV", "DENMIN",
            "ELABIC", "BOAPRA", "DENCRU", "BOALUN", "BOAALB", "PHYMAR", "PITAZU", "PHYSAU", "LEPFUS", "DENNAN",
            "PHYALB", "LEPLAB", "SCIFUS", "BOARAN", "SCIFUV", "AMEPIC", "LEPPOD", "ADEDIP", "ELAMAT", "PHYNAT",
            "LEPELE", "RHISCI", "SCINAS", "LEPNOT", "ADEMAR", "BOAALM", "PHYDIS", "RHIORN", "LEPFLA", "SCIRIZ",
            "DENELE", "SCIALT");

    public static final Set<String> FREQUENT = Set.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD");
    public static final Set<String> COMMON = Set.of("PITAZU", "DENMIN", "PHYCUV", "LEPLAT", "PHYALB", "SCIPER", "DENNAN", "BOAALB");

    /** The 6 classes anuraset36n drops (not present in both splits). */
    public static final Set<String> ABSENT_IN_A_SPLIT = Set.of("SCIFUS", "LEPELE", "RHISCI", "SCINAS", "LEPFLA", "SCIRIZ");

    private SpeciesGroups() {
    }

    /** frequent, common or rare (every other species). */
    public static String groupOf(String species) {
        if (FREQUENT.contains(species)) {
            return "frequent";
        }
        return COMMON.contains(species) ? "common" : "rare";
    }
}
