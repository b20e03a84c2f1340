package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.List;

/**
 * The victim of {@link DocumentRestoreKillTest}: a document restore of the documents matching a filter,
 * {@code <mongoPort> <root> <tenant> <file> <collection> <filter>}; key from BACKUP_ENCRYPTION_KEY.
 * Prints {@code WRITING} once the safety backup is done and it begins to write, {@code RESTORED} at the end.
 */
public final class DocumentRestoreChildMain {
    private DocumentRestoreChildMain() {}

    public static void main(String[] args) {
        Tenant t = DocumentRestoreKillTest.T;
        try (MongoClient client = MongoClients.create(Fixtures.mongoSettings("mongodb://127.0.0.1:" + args[0]));
                Backups backups = Backups.builder().source(MongoDatabaseSource.builder(client).build())
                        .storage(FileSystemStorageBackend.at(Path.of(args[1]))).keys(KeyProviders.fromEnvironment())
                        .tenants(TenantDirectory.of(List.of(t))).access(Fixtures.ACCESS).nodeName("document-restore-child")
                        .listener(e -> {
                            if (e.type() == com.daaisuite.backup.core.BackupEvent.Type.BACKUP_COMPLETED) {
                                System.out.println("WRITING");
                                System.out.flush();
                            }
                        }).build()) {
            backups.restores().restoreDocuments(Fixtures.ADMIN, new RestoreRequest(args[2], args[3], t.workspaceName())
                    .documents(RestoreScope.documentsMatching(args[4], args[5])));
            System.out.println("RESTORED");
        }
    }
}
