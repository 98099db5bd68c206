package io.chorus.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a Flink cluster of separate processes, against three Kafka nodes: a
 * TaskManager is SIGKILLed while the fleet streams, and every window of every recorder still
 * reaches a read_committed consumer exactly once. The other drills: README, "Fault drills".
 */
class ProcessClusterDrillTest {

    @Test
    void aTaskManagerKilledMidStreamLosesAndDoublesNoWindow() throws Exception {
        ProcessCluster cluster = new ProcessCluster(System.out);
        // Under target/, emptied at start: after a failure, every process's log is still there to read.
        cluster.dir = Path.of("target/process-cluster-test");
        cluster.settle = Duration.ofSeconds(20);
        java.util.Set<Long> children = new java.util.TreeSet<>();
        ProcessCluster.DrillResult drill;
        WindowLedger.Check end;
        try (cluster) {
            cluster.start();
            children.addAll(ProcessHandle.current().children().map(ProcessHandle::pid).toList());
            drill = cluster.run(ProcessCluster.Drill.TASKMANAGER_KILL);
            System.out.println(drill.line());
            children.addAll(ProcessHandle.current().children().map(ProcessHandle::pid).toList());
            end = cluster.finish();
            System.out.println("after the fleet stopped: " + end);
        }
        assertThat(children).as("processes the cluster started (3 Kafka nodes, a JobManager, 2 + 1 TaskManagers)")
                .hasSizeGreaterThanOrEqualTo(7);
        assertThat(children.stream().map(ProcessHandle::of).filter(Optional::isPresent).map(Optional::get)
                .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList()).as("child processes still running after close").isEmpty();
        assertThat(drill.jobRestarted()).as("the job restarted (from its last checkpoint)").isTrue();
        assertThat(drill.recoverySeconds()).as("seconds from the kill to the first window scored after the restart").isPositive();
        assertThat(drill.check().missing()).as("windows missing right after the drill: " + drill.check()).isZero();
        assertThat(end.windowsExpected()).as("windows the fleet's audio makes").isGreaterThanOrEqualTo(4 * 60);
        assertThat(end.chunkGaps()).as(end.toString()).isZero();
        assertThat(end.missing()).as(end.toString()).isZero();
        assertThat(end.duplicated()).as(end.toString()).isZero();
        assertThat(end.alertsDuplicated()).as(end.toString()).isZero();
    }
}
