package com.daaisuite.backup.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work: a progress bar (documents or bytes, rate, ETA) on a terminal, and plain
 * lines every few seconds otherwise, so that logs of cron jobs and CI stay readable.
 */
abstract class Progress implements AutoCloseable {
    /** What the bar counts. */
    enum Unit { DOCUMENTS, BYTES }

    /**
     * @param task shown before the numbers, such as {@code backup acme}
     * @param unit what {@code total} counts
     * @param total the expected total, or a value below 1 when unknown (no ETA then)
     * @param err where plain lines go
     */
    static Progress start(String task, Unit unit, long total, PrintWriter err) {
        if (System.console() != null) {
            return new Bar(task, unit, total);
        }
        return lines(task, unit, total, err, Duration.ofSeconds(2));
    }

    /** Plain progress lines, at most one per {@code interval}. */
    static Progress lines(String task, Unit unit, long total, PrintWriter err, Duration interval) {
        return new Lines(task, unit, total, err, interval);
    }

    /**
     * @param bytes payload bytes so far
     * @param documents documents so far (ignored for {@link Unit#BYTES})
     */
    abstract void update(long bytes, long documents);

    /**
     * Records the final figures (a value below 0 keeps what the last update said) and closes.
     *
     * @param bytes final bytes, or -1
     * @param documents final documents, or -1
     */
    void done(long bytes, long documents) {
        record(bytes < 0 ? lastBytes() : bytes, documents < 0 ? lastDocuments() : documents);
        finished = true;
        close();
    }

    /** Takes the figures without printing anything yet. */
    abstract void record(long bytes, long documents);

    /** Set by {@link #done}: only finished work gets a closing "done" line; a failure speaks for itself. */
    volatile boolean finished;

    abstract long lastBytes();

    abstract long lastDocuments();

    /**
     * Waits for a background backup, showing its progress as it goes.
     *
     * @return the result
     */
    static com.daaisuite.backup.core.BackupResult await(com.daaisuite.backup.core.BackupJob job, Progress p)
            throws InterruptedException {
        while (true) {
            try {
                com.daaisuite.backup.core.BackupResult r = job.await(Duration.ofMillis(250));
                p.done(r.payloadBytes(), r.documents());
                return r;
            } catch (java.util.concurrent.TimeoutException still) {
                p.update(job.bytesProcessed(), job.documentsProcessed());
            }
        }
    }

    @Override
    public abstract void close();

    private static final class Bar extends Progress {
        private final ProgressBar bar;
        private final Unit unit;
        private final long startNanos = System.nanoTime();
        private long bytes;
        private long documents;
        private boolean closed;

        Bar(String task, Unit unit, long total) {
            this.unit = unit;
            ProgressBarBuilder b = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total > 0 ? total : -1)
                    .setStyle(Formats.utf8Output() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .showSpeed();
            b = unit == Unit.BYTES ? b.setUnit(" MiB", 1L << 20) : b.setUnit(" docs", 1);
            this.bar = b.build();
        }

        @Override
        synchronized void update(long bytes, long documents) {
            this.bytes = bytes;
            this.documents = documents;
            long n = unit == Unit.BYTES ? bytes : documents;
            if (bar.getMax() > 0 && n > bar.getMax()) {
                bar.maxHint(n);
            }
            bar.stepTo(n);
            if (unit == Unit.DOCUMENTS) {
                double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
                bar.setExtraMessage(" " + Formats.bytes(bytes) + " at " + Formats.bytes((long) (bytes / secs)) + "/s");
            }
        }

        @Override
        void record(long bytes, long documents) {
            update(bytes, documents);
        }

        @Override
        synchronized long lastBytes() {
            return bytes;
        }

        @Override
        synchronized long lastDocuments() {
            return documents;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                bar.close();
            }
        }
    }

    private static final class Lines extends Progress {
        private final String task;
        private final Unit unit;
        private final long total;
        private final PrintWriter err;
        private final long intervalNanos;
        private final long startNanos = System.nanoTime();
        private long lastPrint = System.nanoTime();
        private long bytes;
        private long documents;
        private boolean closed;

        Lines(String task, Unit unit, long total, PrintWriter err, Duration interval) {
            this.task = task;
            this.unit = unit;
            this.total = total;
            this.err = err;
            this.intervalNanos = interval.toNanos();
        }

        @Override
        synchronized void record(long bytes, long documents) {
            this.bytes = bytes;
            this.documents = documents;
        }

        @Override
        synchronized void update(long bytes, long documents) {
            this.bytes = bytes;
            this.documents = documents;
            long now = System.nanoTime();
            if (now - lastPrint >= intervalNanos) {
                lastPrint = now;
                err.println(line(now, false));
                err.flush();
            }
        }

        private String line(long now, boolean done) {
            double secs = Math.max(1e-3, (now - startNanos) / 1e9);
            long n = unit == Unit.BYTES ? bytes : documents;
            StringBuilder b = new StringBuilder(task).append(": ");
            if (unit == Unit.DOCUMENTS) {
                b.append(String.format("%,d", documents));
                if (total > 0) {
                    b.append('/').append(String.format("%,d", total));
                }
                b.append(" documents");
            }
            // Short restores finish before the library's first progress event: then the byte count is unknown, not zero.
            if (unit == Unit.BYTES || bytes > 0) {
                b.append(unit == Unit.BYTES ? "" : ", ").append(Formats.bytes(bytes)).append(", ")
                        .append(Formats.bytes((long) (bytes / secs))).append("/s");
            }
            if (done) {
                b.append(", done in ").append(Formats.duration(Duration.ofNanos(now - startNanos)));
            } else if (total > 0 && n > 0 && n < total) {
                long etaSecs = (long) ((total - n) * secs / n);
                b.append(String.format(", %d%%, ETA %s", n * 100 / total, Formats.duration(Duration.ofSeconds(etaSecs))));
            }
            return b.toString();
        }

        @Override
        synchronized long lastBytes() {
            return bytes;
        }

        @Override
        synchronized long lastDocuments() {
            return documents;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (finished) {
                    err.println(line(System.nanoTime(), true));
                    err.flush();
                }
            }
        }
    }
}
