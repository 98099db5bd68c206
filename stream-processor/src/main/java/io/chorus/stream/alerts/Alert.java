package io.chorus.stream.alerts;

/** A confirmed presence of one species at one site; becomes a {@code SpeciesAlert}. A Flink POJO. */
public class Alert {

    public String alertId;
    public String siteId;
    public String speciesCode;
    public boolean rare;
    public String[] recorderIds;
    public long firstWindowStartMicros;
    public long lastWindowEndMicros;
    public int positiveWindows;
    public int windowsConsidered;
    public float maxScore;
    public float meanScore;
    public float threshold;
    public String rule;
    public String[] windowIds;
    public String modelName;
    public int modelVersion;
    public long raisedAtMillis;

    public Alert() {
    }
}
