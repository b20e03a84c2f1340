package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.List;

/** The victim of the killed-while-loading test: {@code <mongoPort> <root> <tenant> <file>}; key from BACKUP_ENCRYPTION_KEY. */
public final class RestoreChildMain {
    private RestoreChildMain() {}

    public static void main(String[] args) {
        Tenant t = Fixtures.tenant(args[2]);
        try (MongoClient client = MongoClients.create(Fixtures.mongoSettings("mongodb://127.0.0.1:" + args[0]));
                Backups backups = Backups.builder().source(MongoDatabaseSource.builder(client).build())
                        .storage(FileSystemStorageBackend.at(Path.of(args[1]))).keys(KeyProviders.fromEnvironment())
                        .tenants(TenantDirectory.of(List.of(t))).access(Fixtures.ACCESS).nodeName("restore-child").build()) {
            backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(t.id(), args[3], t.workspaceName()));
            System.out.println("RESTORED");
        }
    }
}
