package io.chorus.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FileNameTimeTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void readsTheConventionsOfFieldRecorders() {
        assertThat(FileNameTime.parse("20231105_213000.WAV", UTC)).contains(Instant.parse("2023-11-05T21:30:00Z"));
        assertThat(FileNameTime.parse("SMA01234_20231105_213000.wav", UTC)).contains(Instant.parse("2023-11-05T21:30:00Z"));
        assertThat(FileNameTime.parse("SMA01234$20231105$213000.wav", UTC)).contains(Instant.parse("2023-11-05T21:30:00Z"));
        assertThat(FileNameTime.parse("INCT4_20191105_213000.wav", UTC)).contains(Instant.parse("2019-11-05T21:30:00Z"));
        assertThat(FileNameTime.parse("INCT17_20200122_040000.flac", UTC)).contains(Instant.parse("2020-01-22T04:00:00Z"));
    }

    @Test
    void readsLocalTimeInTheGivenZone() {
        assertThat(FileNameTime.parse("SMA01234_20231105_213000.wav", ZoneId.of("America/Sao_Paulo")))
                .contains(Instant.parse("2023-11-06T00:30:00Z"));
    }

    @Test
    void saysWhenThereIsNoTime() {
        assertThat(FileNameTime.parse("chorus.wav", UTC)).isEmpty();
        assertThat(FileNameTime.parse("99999999_999999.wav", UTC)).isEmpty(); // not a date
        assertThat(FileNameTime.parse("recording-12.wav", UTC)).isEmpty();
    }

    @Test
    void namesThePrefix() {
        assertThat(FileNameTime.prefix("INCT4_20191105_213000.wav")).isEqualTo("INCT4");
        assertThat(FileNameTime.prefix("20231105_213000.WAV")).isEmpty();
    }
}
