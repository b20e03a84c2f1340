package com.daaisuite.backup.testing;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.spi.BackupListener;
import java.util.ArrayList;
import java.util.List;

/** A {@link BackupListener} that keeps every event, in order; thread-safe. */
public final class RecordingListener implements BackupListener {
    private final List<BackupEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(BackupEvent event) {
        events.add(event);
    }

    /** @return a copy of every event so far, in order */
    public synchronized List<BackupEvent> events() {
        return List.copyOf(events);
    }

    /**
     * @param type a kind of event
     * @return the events of that kind, in order
     */
    public synchronized List<BackupEvent> events(BackupEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** @return the kinds of every event so far, in order */
    public synchronized List<BackupEvent.Type> types() {
        return events.stream().map(BackupEvent::type).toList();
    }

    /** Forgets every event so far. */
    public synchronized void clear() {
        events.clear();
    }
}
