package com.daaisuite.backup.testing.source;

import java.util.Objects;

/**
 * A document as {@link DatabaseSourceContract} sees it, independent of any database's encoding: a
 * source's test maps it to its own documents (for MongoDB, {@code {_id: id, text: text}}).
 *
 * @param id unique within its collection
 * @param text any Unicode text, possibly empty
 */
public record TestDocument(String id, String text) {
    public TestDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
