package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlFormatAndLineSeparatorCharactersAreEscapedSoNoLogLineCanBeForged() {
        assertThat(Printable.of("x\nINFO forged\r\u001b[2J\u0000\u202eevil\u2028"))
                .isEqualTo("x\\u000aINFO forged\\u000d\\u001b[2J\\u0000\\u202eevil\\u2028");
    }

    @Test
    void ordinaryTextIncludingNonAsciiLettersIsKeptAsItIs() {
        assertThat(Printable.of("manual_20261126T010000Z.gz.enc")).isEqualTo("manual_20261126T010000Z.gz.enc");
        assertThat(Printable.of("Müller GmbH")).isEqualTo("Müller GmbH");
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void overlongTextIsCut() {
        assertThat(Printable.of("a".repeat(5000))).hasSize(Printable.MAX + 3).endsWith("...");
    }
}
