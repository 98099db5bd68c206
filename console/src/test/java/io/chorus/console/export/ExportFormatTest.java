package io.chorus.console.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.console.ConsoleFixtures;
import io.chorus.schemas.avro.Detection;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A known set of detections as a Raven selection table, checked column by column; CSV and Audacity rows. */
class ExportFormatTest {

    private final Instant start = Instant.parse("2026-11-30T06:00:00Z");
    private final List<Detection> known = List.of(
            ConsoleFixtures.detection("rec-7", "S3", start.plusMillis(1500), "BOAFAB", 0.875f),
            ConsoleFixtures.detection("rec-7", "S3", start.plusSeconds(61), null, 0f),
            ConsoleFixtures.detection("rec-7", "S3", start.plusSeconds(3599), "ADEDIP", 0.5f));

    private String write(ExportFormat f) throws Exception {
        StringWriter out = new StringWriter();
        f.header(out);
        int n = 0;
        for (Detection d : known) {
            n += f.rows(out, d, start, n + 1, new ExportFormat.Band(200, 8000));
        }
        return out.toString();
    }

    @Test
    void ravenSelectionTableColumnByColumn() throws Exception {
        List<String[]> rows = write(ExportFormat.RAVEN).lines().map(l -> l.split("\t", -1)).toList();
        assertThat(rows.get(0)).containsExactly("Selection", "View", "Channel", "Begin Time (s)", "End Time (s)", "Low Freq (Hz)",
                "High Freq (Hz)", "Species", "Score", "Recorder", "Site", "Model Version");
        assertThat(rows).hasSize(3);
        String[] first = rows.get(1);
        assertThat(Integer.parseInt(first[0])).isEqualTo(1);
        assertThat(first[1]).isEqualTo("Spectrogram 1");
        assertThat(Integer.parseInt(first[2])).isEqualTo(1);
        assertThat(Double.parseDouble(first[3])).isEqualTo(1.5);
        assertThat(Double.parseDouble(first[4])).isEqualTo(4.5);
        assertThat(Double.parseDouble(first[5])).isEqualTo(200.0);
        assertThat(Double.parseDouble(first[6])).isEqualTo(8000.0);
        assertThat(first[7]).isEqualTo("BOAFAB");
        assertThat(Double.parseDouble(first[8])).isEqualTo(0.875);
        assertThat(first[9]).isEqualTo("rec-7");
        assertThat(first[10]).isEqualTo("S3");
        assertThat(first[11]).isEqualTo("1");
        String[] second = rows.get(2);
        assertThat(second[0]).isEqualTo("2");
        assertThat(Double.parseDouble(second[3])).isEqualTo(3599.0);
        assertThat(Double.parseDouble(second[4])).isGreaterThan(Double.parseDouble(second[3]));
        assertThat(second[7]).isEqualTo("ADEDIP");
        for (String[] r : rows) {
            assertThat(r).hasSize(12);
        }
    }

    @Test
    void csvAndAudacityRows() throws Exception {
        assertThat(write(ExportFormat.CSV).lines().toList()).containsExactly(
                "recorder_id,site_id,window_start,window_end,begin_s,end_s,species,score,model_name,model_version",
                "rec-7,S3,2026-11-30T06:00:01.500Z,2026-11-30T06:00:04.500Z,1.500,4.500,BOAFAB,0.8750,chorus-anura,1",
                "rec-7,S3,2026-11-30T06:59:59Z,2026-11-30T07:00:02Z,3599.000,3602.000,ADEDIP,0.5000,chorus-anura,1");
        assertThat(write(ExportFormat.AUDACITY).lines().toList()).containsExactly("1.500000\t4.500000\tBOAFAB 0.875",
                "3599.000000\t3602.000000\tADEDIP 0.500");
        assertThatThrownBy(() -> ExportFormat.parse("xlsx")).hasMessageContaining("none of raven, csv, audacity");
    }
}
