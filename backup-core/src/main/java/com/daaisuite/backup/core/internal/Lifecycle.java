package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.BackupsClosedException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One lifecycle for a {@code Backups}: open until {@link #closeAndAwait(Duration)}, after which every
 * call fails the same way ({@link BackupsClosedException}) before doing anything. Closing waits for
 * the calls already inside (a restore, a scheduler tick) so that the pools they use are shut down
 * only after them.
 */
public final class Lifecycle {
    private boolean closed;
    private int inside;

    /**
     * Runs a call unless closed.
     *
     * @param what the operation, for the exception's message
     * @param call the call
     * @param <T> its result
     * @return its result
     * @throws BackupsClosedException once closing has begun
     */
    public <T> T call(String what, Supplier<T> call) {
        enter(what);
        try {
            return call.get();
        } finally {
            exit();
        }
    }

    /**
     * Wraps every method of a service interface in {@link #call}. A proxy rather than a hand-written
     * wrapper so that the services' signatures can change without a second place to keep in step.
     *
     * @param type the interface
     * @param target the implementation
     * @param <T> the interface
     * @return the guarded service
     */
    public <T> T guard(Class<T> type, T target) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, target);
            }
            enter(type.getSimpleName() + "." + method.getName());
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                exit();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Object target) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> target.toString();
        };
    }

    private synchronized void enter(String what) {
        if (closed) {
            throw closedException(what);
        }
        inside++;
    }

    private synchronized void exit() {
        inside--;
        if (inside == 0) {
            notifyAll();
        }
    }

    /**
     * @param what the operation refused
     * @return the exception every call after close fails with
     */
    public static BackupsClosedException closedException(String what) {
        return new BackupsClosedException(what + " was refused: this Backups is closed. Nothing was started; "
                + "build a new Backups (or call before close()) to continue.");
    }

    /** @return true once closing has begun */
    public synchronized boolean closed() {
        return closed;
    }

    /**
     * Refuses new calls and waits for the calls inside to return.
     *
     * @param bound how long to wait at most
     * @return true if every call returned in time
     */
    public synchronized boolean closeAndAwait(Duration bound) {
        closed = true;
        long deadline = System.nanoTime() + bound.toNanos();
        while (inside > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
