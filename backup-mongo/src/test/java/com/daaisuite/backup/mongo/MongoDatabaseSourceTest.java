package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DatabaseSourceFactory;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.ServerFacts;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Configuration, discovery and ownership rules of {@link MongoDatabaseSource}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoDatabaseSourceTest {

    private InProcessMongo server;
    private MongoClient client;

    @BeforeAll
    void start() {
        server = new InProcessMongo();
        client = MongoClients.create(server.uri());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void theBuilderRefusesEachInvalidSettingNamingTheField() {
        assertThatThrownBy(() -> MongoDatabaseSource.builder(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("MongoClient");
        record Case(String field, UnaryOperator<MongoDatabaseSource.Builder> change) {}
        for (Case c : new Case[] {
                new Case("maxParallelCollections", b -> b.maxParallelCollections(0)),
                new Case("maxParallelCollections", b -> b.maxParallelCollections(65)),
                new Case("insertBatchBytes", b -> b.insertBatchBytes(100)),
                new Case("insertBatchCount", b -> b.insertBatchCount(0)),
                new Case("readBatchBytes", b -> b.readBatchBytes(64 * 1024 * 1024)),
                new Case("stagingPrefix", b -> b.stagingPrefix("")),
                new Case("stagingPrefix", b -> b.stagingPrefix("a.b_")),
                new Case("stagingPrefix", b -> b.stagingPrefix("$tmp_")),
                new Case("stagingPrefix", b -> b.stagingPrefix("system_tmp")),
                new Case("toolVersion", b -> b.toolVersion(" "))}) {
            assertThatThrownBy(() -> c.change().apply(MongoDatabaseSource.builder(client)).build())
                    .as(c.field()).isInstanceOf(ConfigurationException.class).hasMessageContaining(c.field());
        }
    }

    @Test
    void itRecognizesTheArchiveMagicAndTarsButNotGzipOrOtherBytes() {
        MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
        assertThat(source.payloadFormat()).isEqualTo("mongodump-archive");
        assertThat(source.recognizes(new byte[] {0x6D, (byte) 0xE2, (byte) 0x99, (byte) 0x81, 0, 0, 0, 0}, 8)).isTrue();
        assertThat(source.recognizes(new byte[] {0x6D, (byte) 0xE2, (byte) 0x99}, 3)).isFalse();
        assertThat(source.recognizes(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0}, 8)).isFalse();
        assertThat(source.recognizes("DBK1\0\0\0\0".getBytes(), 8)).isFalse();
        byte[] tar = new byte[512];
        System.arraycopy("ustar".getBytes(), 0, tar, 257, 5);
        assertThat(source.recognizes(tar, 512)).isTrue();
    }

    @Test
    void closingASourceBuiltOnTheHostsClientLeavesTheClientOpen() {
        MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
        source.close();
        assertThat(client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
    }

    @Test
    void serverFactsReportTheVersionAndATopologyWithoutSnapshots() {
        ServerFacts facts = MongoDatabaseSource.builder(client).build().serverFacts();
        assertThat(facts).isEqualTo(new ServerFacts("MongoDB", "5.0.0", "standalone", false));
    }

    @Test
    void theFactoryIsFoundByServiceLoaderForBothSchemesAndOwnsItsClient() throws Exception {
        DatabaseSourceFactory factory = ServiceLoader.load(DatabaseSourceFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.schemes().contains("mongodb")).findFirst().orElseThrow();
        assertThat(factory.schemes()).containsExactlyInAnyOrder("mongodb", "mongodb+srv");

        String name = "factory_db";
        client.getDatabase(name).getCollection("x").insertOne(new Document("_id", 1));
        URI uri = URI.create("mongodb://backup-user:s3cret-pass@" + server.host() + ":" + server.port() + "/?authSource=admin");
        DatabaseSource source = factory.create(URI.create("mongodb://" + server.host() + ":" + server.port()));
        try {
            assertThat(source.describe()).isEqualTo("mongodb://" + server.host() + ":" + server.port());
            assertThat(source.dump(name, new ByteArrayOutputStream(), ProgressListener.NONE).documents()).isEqualTo(1);
        } finally {
            source.close();
            client.getDatabase(name).drop();
        }
        try (DatabaseSource withCredentials = factory.create(uri)) {
            assertThat(withCredentials.describe()).doesNotContain("s3cret").doesNotContain("backup-user");
            assertThat(withCredentials.toString()).doesNotContain("s3cret");
        }
        assertThatThrownBy(() -> factory.create(URI.create("mongodb://user:s3cret@")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
