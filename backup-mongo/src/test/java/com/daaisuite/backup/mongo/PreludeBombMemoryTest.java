package com.daaisuite.backup.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, item 7: a gzipped mongodump archive of about 216 KB whose prelude declares 210 MiB of
 * collection metadata used to end the CLI (heap 160 MiB) with an OutOfMemoryError, because the
 * reader allowed 256 MiB of metadata whatever the heap. The limit now follows the heap, and the same
 * archive is refused with a clear integrity error in a child JVM with the launcher's {@code -Xmx160m}.
 */
class PreludeBombMemoryTest {
    @TempDir
    Path dir;

    /** Magic, header, 14 prelude documents each holding 15 MiB of metadata JSON, the prelude's terminator. */
    static void writePreludeBomb(OutputStream out) throws IOException {
        out.write(new byte[] {0x6D, (byte) 0xE2, (byte) 0x99, (byte) 0x81});
        out.write(bson(new BsonDocument("concurrent_collections", new BsonInt32(1)).append("version", new BsonString("0.1"))
                .append("server_version", new BsonString("7.0.0")).append("tool_version", new BsonString("100.11.0"))));
        String filler = "a".repeat(15 << 20);
        for (int i = 0; i < 14; i++) {
            out.write(bson(new BsonDocument("db", new BsonString("db")).append("collection", new BsonString("c" + i))
                    .append("metadata", new BsonString("{\"indexes\":[],\"x\":\"" + filler + "\"}"))
                    .append("size", new BsonInt32(0)).append("type", new BsonString("collection"))));
        }
        out.write(new byte[] {-1, -1, -1, -1});
    }

    private static byte[] bson(BsonDocument d) {
        RawBsonDocument raw = new RawBsonDocument(d, new BsonDocumentCodec());
        byte[] b = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(b);
        return b;
    }

    @Test
    void aSmallArchiveDeclaring210MibOfMetadataIsRefusedAtTheLaunchersHeapWithoutOutOfMemory() throws Exception {
        Path archive = dir.resolve("prelude-bomb.archive.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(archive), 1 << 16)) {
            writePreludeBomb(gz);
        }
        assertThat(Files.size(archive)).as("a small archive").isLessThan(300 * 1024);
        List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx160m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                PreludeBombChild.class.getName(), archive.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        p.getInputStream().transferTo(output);
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = output.toString(StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended; output:%n%s", out).isTrue();
        assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("OUT OF MEMORY")
                .contains("REFUSED com.daaisuite.backup.core.PayloadCorruptException")
                .contains("bytes of metadata (limit").contains("maxMetadataBytes");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
