package com.daaisuite.backup.benchmarks.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap and CPU of this JVM during a phase. Three heap figures: the largest heap occupancy right
 * after any GC in the phase (an upper bound of what the program holds: after a young GC the old
 * generation still holds garbage that no mixed or full GC has reclaimed yet); the largest used heap
 * seen by a 5 ms sampler (live data plus all garbage, bounded by -Xmx and the GC's appetite); and,
 * in memory runs only, the largest heap right after forced full GCs, the true live set.
 */
public final class HeapMonitor implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxAfterFullGc = new AtomicLong();
    private volatile Thread probe;
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts sampling this JVM's heap every 5 ms and listening to its GCs. */
    public HeapMonitor() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long after = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            after += e.getValue().getUsed();
                        }
                    }
                    maxLive.accumulateAndGet(after, Math::max);
                    if (info.getGcAction().contains("major")) {
                        maxAfterFullGc.accumulateAndGet(after, Math::max);
                    }
                }
            }, null, null);
        }
        sampler = new Thread(() -> {
            while (running) {
                maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Forgets the maxima, after a full GC so that the phase starts from its own live set. */
    public void reset() {
        System.gc();
        MemoryUsage u = memory.getHeapMemoryUsage();
        maxLive.set(u.getUsed());
        maxUsed.set(u.getUsed());
    }

    /**
     * Starts forcing a full GC every {@code periodMillis}: the heap right after each is the true live
     * set at that moment. Costs a few percent of speed, so only memory runs use it.
     */
    void startProbe(long periodMillis) {
        maxAfterFullGc.set(0);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
            }
        }, "heap-probe");
        t.setDaemon(true);
        probe = t;
        t.start();
    }

    /** @return the largest heap after a full GC since {@link #startProbe(long)} */
    long stopProbe() {
        Thread t = probe;
        probe = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.gc();
        return maxAfterFullGc.get();
    }

    /** @return the largest heap occupancy right after a GC since the last {@link #reset()} */
    public long maxLiveBytes() {
        return maxLive.get();
    }

    /** @return the largest used heap sampled since the last {@link #reset()} */
    public long maxUsedBytes() {
        return Math.max(maxUsed.get(), memory.getHeapMemoryUsage().getUsed());
    }

    /** @return the heap's limit (-Xmx) */
    public long maxHeapBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    long processCpuNanos() {
        return os.getProcessCpuTime();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
