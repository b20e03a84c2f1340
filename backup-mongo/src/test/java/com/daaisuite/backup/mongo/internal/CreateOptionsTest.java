package com.daaisuite.backup.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.PayloadCorruptException;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The allow-list between an archive's metadata and the server's create command. */
class CreateOptionsTest {

    @Test
    void aCollectionKeepsTheCreateOptionsDropsTheDescriptiveOnesAndRefusesEverythingElse() {
        BsonDocument options = BsonDocument.parse("{capped: true, size: 4096, max: 10, validator: {a: {$exists: true}},"
                + " validationLevel: 'moderate', validationAction: 'warn', collation: {locale: 'fr'}, storageEngine: {},"
                + " indexOptionDefaults: {}, clusteredIndex: {key: {_id: 1}, unique: true}, expireAfterSeconds: 60,"
                + " changeStreamPreAndPostImages: {enabled: true}, uuid: {$binary: {base64: 'AAAAAAAAAAAAAAAAAAAAAA==', subType: '04'}},"
                + " autoIndexId: true, flags: 1, recordPreImages: false}");

        BsonDocument kept = CreateOptions.collection("db.c", options);

        assertThat(kept.keySet()).containsExactly("capped", "size", "max", "validator", "validationLevel", "validationAction",
                "collation", "storageEngine", "indexOptionDefaults", "clusteredIndex", "expireAfterSeconds",
                "changeStreamPreAndPostImages");
        for (String hostile : List.of("create", "viewOn", "pipeline", "writeConcern", "$db", "lsid", "comment", "timeseries2")) {
            assertThatThrownBy(() -> CreateOptions.collection("db.c", new BsonDocument(hostile, new BsonDocument())))
                    .as(hostile).isInstanceOf(PayloadCorruptException.class)
                    .hasMessageContaining("The metadata of collection 'db.c' gives it the option '" + hostile + "'");
        }
    }

    @Test
    void aViewHasExactlyViewOnPipelineAndCollationOfTheRightTypes() {
        assertThat(CreateOptions.view("db.v", BsonDocument.parse("{viewOn: 'c', pipeline: [{$match: {}}], collation: {locale: 'fr'}}")))
                .isEqualTo(BsonDocument.parse("{viewOn: 'c', pipeline: [{$match: {}}], collation: {locale: 'fr'}}"));
        assertThat(CreateOptions.view("db.v", BsonDocument.parse("{viewOn: 'c'}"))).isEqualTo(BsonDocument.parse("{viewOn: 'c', pipeline: []}"));
        assertThat(CreateOptions.createView("v", BsonDocument.parse("{viewOn: 'c', pipeline: []}")))
                .isEqualTo(BsonDocument.parse("{create: 'v', viewOn: 'c', pipeline: []}"));

        for (String bad : List.of("{viewOn: 'c', pipeline: [], create: 'c'}", "{viewOn: 'c', pipeline: [], capped: true}",
                "{pipeline: []}", "{viewOn: '', pipeline: []}", "{viewOn: 1, pipeline: []}", "{viewOn: 'c', pipeline: {}}",
                "{viewOn: 'c', pipeline: [1]}", "{viewOn: 'c', pipeline: [], collation: 'fr'}")) {
            assertThatThrownBy(() -> CreateOptions.view("db.v", BsonDocument.parse(bad))).as(bad)
                    .isInstanceOf(PayloadCorruptException.class).hasMessageContaining("nothing was changed");
        }
    }
}
