package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageBackendFactory;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.InputStream;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The builder's validation and the {@code s3://} factory, end to end against s3proxy. */
class S3ConfigurationTest {

    private static S3TestServer server;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        client = server.client();
        S3TestServer.createBucket(client, "factory-bucket");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    // ------------------------------------------------------------------ builder

    @Test
    void theBuilderNormalisesThePrefixAndKeepsItsDefaults() {
        S3StorageBackend backend = S3StorageBackend.builder().bucket("my-bucket.eu").prefix("/prod/eu-1/")
                .client(client).build();

        assertThat(backend.prefix()).isEqualTo("prod/eu-1");
        assertThat(backend.describe()).isEqualTo("s3://my-bucket.eu/prod/eu-1");
        assertThat(backend.partSize()).isEqualTo(8 * 1024 * 1024);
        assertThat(backend.serverSideEncryption()).isEqualTo(S3ServerSideEncryption.none());
        backend.close();
    }

    @Test
    void aBuiltBackendDoesNotChangeWhenItsBuilderIsReused() {
        S3StorageBackend.Builder builder = S3StorageBackend.builder().bucket("first").client(client);
        S3StorageBackend first = builder.build();

        builder.bucket("second").prefix("x").partSize(6 * 1024 * 1024);

        assertThat(first.describe()).isEqualTo("s3://first");
        assertThat(first.partSize()).isEqualTo(S3StorageBackend.DEFAULT_PART_SIZE);
        first.close();
    }

    @Test
    void theBuilderRefusesMissingOrInvalidSettingsNamingTheSetting() {
        assertThatThrownBy(() -> S3StorageBackend.builder().client(client).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bucket(...) is missing");
        assertThatThrownBy(() -> S3StorageBackend.builder().bucket("b-1").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("client(...) is missing");
        for (String bad : new String[] {"UPPER", "ab", "a_b", "-abc", "abc-", "a..b", "192.168.1.1", "x".repeat(64)}) {
            assertThatThrownBy(() -> S3StorageBackend.builder().bucket(bad).client(client).build())
                    .as(bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("not a valid S3 bucket name");
        }
        for (String bad : new String[] {"a//b", "../x", "a/./b", "a/..", "sp ace", "tab\tx", "é"}) {
            assertThatThrownBy(() -> S3StorageBackend.builder().bucket("b-1").prefix(bad).client(client).build())
                    .as(bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("prefix(");
        }
        assertThatThrownBy(() -> S3StorageBackend.builder().partSize(5L * 1024 * 1024 - 1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("partSize(5242879)");
        assertThatThrownBy(() -> S3StorageBackend.builder().partSize(513L * 1024 * 1024))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("between");
    }

    // ------------------------------------------------------------------ factory

    @Test
    void theFactoryIsFoundByServiceLoaderForTheS3Scheme() {
        assertThat(ServiceLoader.load(StorageBackendFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.schemes().contains("s3"))
                .singleElement().isInstanceOf(S3StorageBackendFactory.class);
    }

    @Test
    void aBackendFromAUriWithEndpointAndPathStyleStoresListsAndReadsUsingTheDefaultCredentialChain() throws Exception {
        URI uri = URI.create("s3://factory-bucket/from/uri?region=us-east-1&endpoint=" + server.endpoint()
                + "&pathStyle=true&partSize=5MiB&sse=AES256");
        String oldId = System.getProperty("aws.accessKeyId");
        String oldSecret = System.getProperty("aws.secretAccessKey");
        // The system-property provider is the first in the SDK's default credential chain.
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        try (StorageBackend backend = new S3StorageBackendFactory().create(uri)) {
            StorageKey key = StorageKey.of("t-uri", "x.gz.enc");
            try (StorageUpload upload = backend.openUpload(key)) {
                upload.write(new byte[] {4, 5, 6});
                upload.commit();
            }

            assertThat(backend.describe()).isEqualTo("s3://factory-bucket/from/uri");
            assertThat(backend.toString()).contains("partSize=5242880", "sse=SSE-S3")
                    .doesNotContain(S3TestServer.ACCESS_KEY).doesNotContain(S3TestServer.SECRET_KEY);
            assertThat(backend.list("t-uri")).extracting(StorageObject::key).containsExactly(key);
            try (InputStream in = backend.openRead(key)) {
                assertThat(in.readAllBytes()).containsExactly(4, 5, 6);
            }
            assertThat(client.headObject(b -> b.bucket("factory-bucket").key("from/uri/t-uri/db-backups/x.gz.enc"))
                    .contentLength()).isEqualTo(3);
        } finally {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    @Test
    void aUriWithAnEndpointButNoRegionFallsBackToUsEast1() throws Exception {
        URI uri = URI.create("s3://factory-bucket/no-region?endpoint=" + server.endpoint() + "&pathStyle=true");
        String oldId = System.getProperty("aws.accessKeyId");
        String oldSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        try (StorageBackend backend = new S3StorageBackendFactory().create(uri)) {
            StorageKey key = StorageKey.of("t-no-region", "y.bin");
            try (StorageUpload upload = backend.openUpload(key)) {
                upload.write(7);
                upload.commit();
            }

            assertThat(backend.list("t-no-region")).extracting(StorageObject::key).containsExactly(key);
        }
        try (StorageBackend missing = new S3StorageBackendFactory().create(
                URI.create("s3://no-such-bucket-x?endpoint=" + server.endpoint() + "&pathStyle=true"))) {
            assertThatThrownBy(() -> missing.list("t")).hasMessageContaining("(region us-east-1, endpoint ");
        } finally {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void aUriCarryingCredentialsIsRefusedWithoutRepeatingThem() {
        String secret = "s3cr3t-in-uri";
        assertThatThrownBy(() -> new S3StorageBackendFactory().create(URI.create("s3://AKIDX:" + secret + "@bucket-a/p")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bucket 'bucket-a'")
                .hasMessageContaining("never from the URI")
                .hasMessageNotContaining(secret).hasMessageNotContaining("AKIDX");
        assertThatThrownBy(() -> new S3StorageBackendFactory()
                .create(URI.create("s3://bucket-a/p?region=us-east-1&secretKey=" + secret)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown parameter 'secretKey'")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> new S3StorageBackendFactory()
                .create(URI.create("s3://bucket-a/p?region=us-east-1&endpoint=http://u:" + secret + "@host:9000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'endpoint' contains user info")
                .hasMessageNotContaining(secret);
    }

    @Test
    void malformedUrisAreRefusedNamingWhatToFix() {
        S3StorageBackendFactory factory = new S3StorageBackendFactory();
        assertThatThrownBy(() -> factory.create(URI.create("s3:bucket"))).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a:9000/p"))).hasMessageContaining("?endpoint=");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&pathStyle=yes")))
                .hasMessageContaining("pathStyle='yes' must be true or false");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&partSize=1MiB")))
                .hasMessageContaining("partSize(1048576)");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&partSize=big")))
                .hasMessageContaining("not a size");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&sse=aws:kms")))
                .hasMessageContaining("without kmsKeyId");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&endpoint=ftp://h")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/p?region=us-east-1&region=eu-west-1")))
                .hasMessageContaining("'region' twice");
        assertThatThrownBy(() -> factory.create(URI.create("s3://Bad_Bucket/p?region=us-east-1")))
                .hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> factory.create(URI.create("s3://bucket-a/a/../b?region=us-east-1")))
                .hasMessageContaining("prefix(");
    }
}
