package dev.fivenines.inventory.raft;

import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageDirectory;
import org.apache.ratis.server.storage.RaftStorageMetadataFile;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotStorageTest {
    @TempDir
    Path root;

    @Test
    void givenNoSnapshot_whenAskedAgain_thenTheDirectoryIsNotRescannedUntilAReload() throws IOException {
        LedgerStateMachine.Storage storage = new LedgerStateMachine.Storage();
        storage.init(raftStorage(root));
        assertThat(storage.getLatestSnapshot()).isNull();

        File stray = storage.getSnapshotFile(1, 7);
        Files.createDirectories(stray.toPath().getParent());
        Files.write(stray.toPath(), new byte[] {1});
        assertThat(storage.getLatestSnapshot()).as("a file that appeared behind the storage's back").isNull();

        assertThat(storage.loadLatestSnapshot()).isNotNull();
        assertThat(storage.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(1, 7));
    }

    @Test
    void givenASnapshotTaken_whenAsked_thenItIsTheLatest() throws IOException {
        LedgerStateMachine.Storage storage = new LedgerStateMachine.Storage();
        storage.init(raftStorage(root));
        File file = storage.getSnapshotFile(2, 40);
        Files.createDirectories(file.toPath().getParent());
        Files.write(file.toPath(), new byte[] {1});

        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), null), TermIndex.valueOf(2, 40)));

        assertThat(storage.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 40));
    }

    @Test
    void givenASnapshotOnDisk_whenInitialised_thenItIsFound() throws IOException {
        File file = new File(new File(root.toFile(), RaftStorageDirectory.STATE_MACHINE_DIR_NAME),
                SimpleStateMachineStorage.getSnapshotFileName(3, 9));
        Files.createDirectories(file.toPath().getParent());
        Files.write(file.toPath(), new byte[] {1});
        LedgerStateMachine.Storage storage = new LedgerStateMachine.Storage();

        storage.init(raftStorage(root));

        assertThat(storage.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 9));
    }

    private static RaftStorage raftStorage(Path root) {
        RaftStorageDirectory dir = new RaftStorageDirectory() {
            @Override
            public File getRoot() {
                return root.toFile();
            }

            @Override
            public boolean isHealthy() {
                return true;
            }
        };
        return new RaftStorage() {
            @Override
            public void initialize() {
            }

            @Override
            public RaftStorageDirectory getStorageDir() {
                return dir;
            }

            @Override
            public RaftStorageMetadataFile getMetadataFile() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RaftServerConfigKeys.Log.CorruptionPolicy getLogCorruptionPolicy() {
                return RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION;
            }

            @Override
            public void close() {
            }
        };
    }
}
