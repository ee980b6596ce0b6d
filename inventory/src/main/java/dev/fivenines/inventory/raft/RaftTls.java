package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mutual TLS for the ledger's Raft traffic (peer to peer and client to peer, Ratis gRPC): every
 * process presents {@code certChainFile} with {@code privateKeyFile} and accepts only peers whose
 * certificate chains to {@code trustedCertsFile}. PEM files (the key PKCS#8, unencrypted), read from
 * the paths given; the key material itself never lives in the repository. Clients verify the
 * server's certificate against the peer address they dial, so a certificate needs the peers' hosts
 * (or IP addresses) as subject alternative names.
 */
public record RaftTls(Path privateKeyFile, Path certChainFile, Path trustedCertsFile) {
    public RaftTls {
        readable("privateKeyFile", privateKeyFile);
        readable("certChainFile", certChainFile);
        readable("trustedCertsFile", trustedCertsFile);
    }

    private static void readable(String name, Path file) {
        Check.argument(file != null, "Raft TLS %s is required", name);
        Check.argument(Files.isRegularFile(file) && Files.isReadable(file), "Raft TLS %s %s is not a readable file", name, file);
    }

    /** The Ratis parameters of a server or client speaking mutual TLS with these files. */
    Parameters parameters() {
        return GrpcFactory.newRaftParameters(new GrpcTlsConfig(privateKeyFile.toFile(), certChainFile.toFile(),
                trustedCertsFile.toFile(), true));
    }
}
