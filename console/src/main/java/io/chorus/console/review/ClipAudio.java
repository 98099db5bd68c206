package io.chorus.console.review;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.audio.wav.WavAudio;
import io.chorus.audio.wav.WavCodec;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.pcm.PcmLayout;
import java.nio.ByteBuffer;

/** A review request's audio as samples at the recorder's native rate, and as a WAV file for the browser. */
public final class ClipAudio {

    private ClipAudio() {
    }

    /**
     * The request's samples (interleaved when it has several channels).
     *
     * @throws IllegalArgumentException naming the request and what is wrong with its audio
     */
    public static WavAudio of(ReviewRequest r) {
        PcmLayout layout = PcmLayout.of(r.getEncoding()).orElseThrow(() -> new IllegalArgumentException(
                "review request " + r.getRequestId() + " has audio in encoding " + r.getEncoding() + ", which the console cannot play"));
        ByteBuffer audio = r.getAudio().duplicate();
        byte[] bytes = new byte[audio.remaining()];
        audio.get(bytes);
        int samples = r.getFrameCount() * r.getChannels();
        if ((long) samples * layout.bytesPerSample() > bytes.length) {
            throw new IllegalArgumentException("review request " + r.getRequestId() + " says " + r.getFrameCount() + " frames but carries "
                    + bytes.length + " bytes of " + r.getEncoding());
        }
        return new WavAudio(r.getSampleRateHz(), r.getChannels(), PcmSamples.decode(bytes, 0, samples, layout.bits(), layout.floating()));
    }

    /** 16-bit PCM WAV at the recorder's native rate (every browser plays it). */
    public static byte[] wav(ReviewRequest r) {
        return WavCodec.encode16(of(r));
    }
}
