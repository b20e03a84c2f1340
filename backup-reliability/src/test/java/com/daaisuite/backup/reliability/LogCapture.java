package com.daaisuite.backup.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of this JVM (logback is the SLF4J backend here, brought by s3proxy):
 * a list appender on the root logger, with the library's loggers lowered to TRACE meanwhile.
 */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger library = (Logger) LoggerFactory.getLogger("com.daaisuite");
    private final Level oldLibraryLevel;

    LogCapture() {
        appender.setName("capture");
        appender.start();
        root.addAppender(appender);
        oldLibraryLevel = library.getLevel();
        library.setLevel(Level.TRACE);
    }

    /** Every captured event: level, logger, formatted message and each throwable's class and message, causes included. */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            StringBuilder b = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
                    .append(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                for (IThrowableProxy s : t.getSuppressed()) {
                    b.append(" | suppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Only the formatted messages, for checks on how input reaches a log line. */
    synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            out.add(e.getFormattedMessage());
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        library.setLevel(oldLibraryLevel);
    }
}
