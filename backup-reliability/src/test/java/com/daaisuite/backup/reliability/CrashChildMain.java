package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The victim of {@link CrashConsistencyTest}: generates a sizeable database and takes one backup
 * through a {@link StepStorage}. With a step requested it prints {@code STEP <n> <name>} on reaching
 * that step and blocks there until the parent kills it with SIGKILL. With step 0 (calibration) it
 * finishes and prints {@code DONE <file>} and {@code STEPS <total> <name>;<name>;...}.
 * Arguments: {@code fs <root> <tenant> <megabytes> <seed> <step>} or
 * {@code s3 <endpoint> <bucket> <tenant> <megabytes> <seed> <step>}; the same seed gives the same
 * database, hence the same archive size and the same steps. The key comes from
 * BACKUP_ENCRYPTION_KEY, the S3 secret from DAAI_S3_SECRET.
 */
public final class CrashChildMain {
    private CrashChildMain() {}

    public static void main(String[] args) throws Exception {
        boolean s3 = args[0].equals("s3");
        int i = s3 ? 3 : 2;
        String tenantId = args[i];
        int megabytes = Integer.parseInt(args[i + 1]);
        long seed = Long.parseLong(args[i + 2]);
        int step = Integer.parseInt(args[i + 3]);
        StorageBackend storage;
        S3Client client = null;
        if (s3) {
            client = InProcessS3.client(URI.create(args[1]), System.getenv("DAAI_S3_SECRET"));
            storage = S3StorageBackend.builder().bucket(args[2]).client(client).partSize(S3StorageBackend.MIN_PART_SIZE).build();
        } else {
            storage = FileSystemStorageBackend.at(Path.of(args[1]));
        }
        StepStorage steps = new StepStorage(storage, step);
        InMemoryDatabaseSource source = new InMemoryDatabaseSource();
        Random r = new Random(seed);
        List<byte[]> docs = new ArrayList<>();
        for (long bytes = 0; bytes < megabytes * 1024L * 1024L; bytes += 8192) {
            docs.add(Fixtures.randomDocument(r, 8192));
        }
        source.putDatabase(Fixtures.tenant(tenantId).databaseName(), Map.of("records", docs));
        try (Backups backups = Backups.builder().source(source).storage(steps).keys(KeyProviders.fromEnvironment())
                .tenants(TenantDirectory.of(List.of(Fixtures.tenant(tenantId)))).access(Fixtures.ACCESS)
                .compressionThreads(2).nodeName("crash-child").build()) {
            BackupResult result = backups.backup(Fixtures.ADMIN, tenantId, BackupTrigger.MANUAL);
            List<String> names = steps.names();
            System.out.println("DONE " + result.snapshot().fileName());
            System.out.println("STEPS " + names.size() + " " + String.join(";", names));
            System.out.flush();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}
