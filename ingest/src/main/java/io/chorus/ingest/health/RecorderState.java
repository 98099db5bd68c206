package io.chorus.ingest.health;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the health service keeps per recorder: the window being measured, stream position, online
 * state and the last finished window's levels (what the fleet endpoint shows).
 */
public final class RecorderState {

    public String recorderId;
    public String siteId;
    public boolean online = true;
    public long lastSeenMillis;
    public int sampleRateHz;
    public long lastSequence = -1;
    public long expectedNextMicros = Long.MIN_VALUE;

    // The window being measured.
    public long windowStartMillis = Long.MIN_VALUE;
    public long samples;
    public double sumSquares;
    public double peak;
    public long clipped;
    public long silent;
    public int chunks;
    public int gaps;
    public double gapSeconds;
    public int lateChunks;

    // The last finished window.
    public float lastRmsDbfs = -120f;
    public float lastPeakDbfs = -120f;
    public float lastClippingRatio;
    public float lastSilenceRatio;

    void resetWindow(long startMillis) {
        windowStartMillis = startMillis;
        samples = 0;
        sumSquares = 0;
        peak = 0;
        clipped = 0;
        silent = 0;
        chunks = 0;
        gaps = 0;
        gapSeconds = 0;
        lateChunks = 0;
    }

    static Serde<RecorderState> serde() {
        Serializer<RecorderState> ser = (topic, s) -> {
            if (s == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(s.recorderId);
                out.writeUTF(s.siteId == null ? "" : s.siteId);
                out.writeBoolean(s.online);
                out.writeLong(s.lastSeenMillis);
                out.writeInt(s.sampleRateHz);
                out.writeLong(s.lastSequence);
                out.writeLong(s.expectedNextMicros);
                out.writeLong(s.windowStartMillis);
                out.writeLong(s.samples);
                out.writeDouble(s.sumSquares);
                out.writeDouble(s.peak);
                out.writeLong(s.clipped);
                out.writeLong(s.silent);
                out.writeInt(s.chunks);
                out.writeInt(s.gaps);
                out.writeDouble(s.gapSeconds);
                out.writeInt(s.lateChunks);
                out.writeFloat(s.lastRmsDbfs);
                out.writeFloat(s.lastPeakDbfs);
                out.writeFloat(s.lastClippingRatio);
                out.writeFloat(s.lastSilenceRatio);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bytes.toByteArray();
        };
        Deserializer<RecorderState> de = (topic, data) -> {
            if (data == null) {
                return null;
            }
            RecorderState s = new RecorderState();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                s.recorderId = in.readUTF();
                s.siteId = in.readUTF();
                s.online = in.readBoolean();
                s.lastSeenMillis = in.readLong();
                s.sampleRateHz = in.readInt();
                s.lastSequence = in.readLong();
                s.expectedNextMicros = in.readLong();
                s.windowStartMillis = in.readLong();
                s.samples = in.readLong();
                s.sumSquares = in.readDouble();
                s.peak = in.readDouble();
                s.clipped = in.readLong();
                s.silent = in.readLong();
                s.chunks = in.readInt();
                s.gaps = in.readInt();
                s.gapSeconds = in.readDouble();
                s.lateChunks = in.readInt();
                s.lastRmsDbfs = in.readFloat();
                s.lastPeakDbfs = in.readFloat();
                s.lastClippingRatio = in.readFloat();
                s.lastSilenceRatio = in.readFloat();
            } catch (IOException e) {
                throw new IllegalStateException("recorder state cannot be read: " + e.getMessage(), e);
            }
            return s;
        };
        return Serdes.serdeFrom(ser, de);
    }
}
