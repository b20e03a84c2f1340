package com.daaisuite.backup.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.internal.build.MongoDriverVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * The BOM pins the MongoDB driver, the AWS SDK, Bouncy Castle and Micrometer at the versions this build compiles
 * and tests with: the BOM's properties equal the parent's, and those equal the versions on this
 * module's class path.
 */
class BomPinsTest {

    @Test
    void theBomPinsTheVersionsTheBuildTestsWith() throws Exception {
        String bom = Files.readString(DocSamplesTest.ROOT.resolve("backup-bom/pom.xml"));
        String parent = Files.readString(DocSamplesTest.ROOT.resolve("pom.xml"));
        for (String property : new String[] {"mongodb.version", "awssdk.version", "bouncycastle.version",
                "micrometer.version"}) {
            assertThat(property(bom, property)).as("backup-bom " + property).isEqualTo(property(parent, property));
        }
        assertThat(bom).contains("<artifactId>mongodb-driver-sync</artifactId><version>${mongodb.version}</version>",
                "<artifactId>bcprov-jdk18on</artifactId><version>${bouncycastle.version}</version>");
        assertThat(bom).containsPattern("<artifactId>bom</artifactId>\\s*<version>\\$\\{awssdk.version}</version>");
        assertThat(bom).containsPattern("<artifactId>micrometer-bom</artifactId>\\s*<version>\\$\\{micrometer.version}</version>");

        assertThat(MongoDriverVersion.VERSION).isEqualTo(property(bom, "mongodb.version"));
        assertThat(VersionInfo.SDK_VERSION).isEqualTo(property(bom, "awssdk.version"));
        assertThat(io.micrometer.core.instrument.MeterRegistry.class.getPackage().getImplementationVersion())
                .isEqualTo(property(bom, "micrometer.version"));
        Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        assertThat(Security.getProvider("BC").getVersionStr()).isEqualTo(property(bom, "bouncycastle.version"));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as(name + " in the pom").isTrue();
        return m.group(1).strip();
    }
}
