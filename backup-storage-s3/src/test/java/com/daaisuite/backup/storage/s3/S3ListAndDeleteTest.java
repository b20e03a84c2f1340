package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing across ListObjectsV2 pages, DeleteObjects in batches of at most 1,000, and what a listing ignores. */
class S3ListAndDeleteTest {

    private static final String BUCKET = "listing";
    private static final int MANY = 1_100;

    private static S3TestServer server;
    private static RecordingInterceptor recorder;
    private static S3Client client;
    private static S3Client plainClient;
    private static S3StorageBackend backend;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        recorder = new RecordingInterceptor();
        client = server.client(recorder);
        plainClient = server.client();
        S3TestServer.createBucket(client, BUCKET);
        backend = S3StorageBackend.builder().bucket(BUCKET).prefix("root").client(client).build();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        client.close();
        plainClient.close();
        server.close();
    }

    @BeforeEach
    void clearRecorder() {
        recorder.clear();
    }

    /** Puts tiny objects straight into the server's store (HTTP PUTs would take seconds); returns their keys. */
    private static List<StorageKey> putMany(String tenant, int count) {
        List<StorageKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StorageKey key = StorageKey.of(tenant, String.format("f-%05d.bin", i));
            server.putDirect(BUCKET, "root/" + key.path(), new byte[] {1});
            keys.add(key);
        }
        return keys;
    }

    @Test
    void aListingOfMoreThanOneThousandObjectsFollowsContinuationTokensAcrossPages() throws Exception {
        List<StorageKey> keys = putMany("many-list", MANY);

        List<StorageObject> listed = backend.list("many-list");

        assertThat(listed).extracting(StorageObject::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(listed).allSatisfy(o -> assertThat(o.size()).isEqualTo(1));
        assertThat(recorder.count("ListObjectsV2")).isEqualTo(2);
    }

    @Test
    void deletingMoreThanOneThousandObjectsSendsBatchesOfAtMostOneThousand() throws Exception {
        List<StorageKey> keys = putMany("many-delete", MANY);
        List<StorageKey> withDuplicateAndMissing = new ArrayList<>(keys);
        withDuplicateAndMissing.add(keys.get(0));
        withDuplicateAndMissing.add(StorageKey.of("many-delete", "never-written.bin"));

        backend.delete(withDuplicateAndMissing);

        // s3proxy, like S3, refuses a DeleteObjects of more than 1,000 keys, so success means batches were used.
        assertThat(recorder.count("DeleteObjects")).isEqualTo(2);
        assertThat(backend.list("many-delete")).isEmpty();
    }

    @Test
    void aListingIgnoresNestedKeysForeignNamesAndOtherPrefixes() throws Exception {
        String folder = "root/t-mixed/db-backups/";
        for (String k : List.of(folder + "good.gz.enc", folder + "nested/deeper.gz.enc", folder + ".hidden",
                folder + "bad name.bin", "root/t-mixed/other/file.bin", "t-mixed/db-backups/outside-prefix.bin",
                "root/t-mixed/db-backups-not/x.bin")) {
            plainClient.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromBytes(new byte[] {7, 7}));
        }

        List<StorageObject> listed = backend.list("t-mixed");

        assertThat(listed).extracting(StorageObject::key).containsExactly(StorageKey.of("t-mixed", "good.gz.enc"));
    }

    @Test
    void aBackendWithoutPrefixStoresAtTheBucketRoot() throws Exception {
        S3StorageBackend rootBackend = S3StorageBackend.builder().bucket(BUCKET).prefix("/").client(client).build();
        StorageKey key = StorageKey.of("t-root", "x.bin");
        try (var upload = rootBackend.openUpload(key)) {
            upload.write(new byte[] {1, 2, 3});
            upload.commit();
        }

        assertThat(plainClient.headObject(b -> b.bucket(BUCKET).key("t-root/db-backups/x.bin")).contentLength())
                .isEqualTo(3);
        assertThat(rootBackend.list("t-root")).extracting(StorageObject::key).containsExactly(key);
        assertThat(rootBackend.describe()).isEqualTo("s3://listing");
        rootBackend.close();
    }
}
