package com.daaisuite.backup.core;

import com.daaisuite.backup.core.internal.InJvmBackupLock;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.time.MutableClock;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One wired {@link Backups} over the in-memory source and storage, the real DBK1 crypto, a
 * controllable clock, a recording listener and gate. Several fixtures can share their stores and lock,
 * like nodes of one deployment.
 */
final class Fixture implements AutoCloseable {
    static final MasterKey KEY = MasterKey.generate(new SecureRandom());
    static final MasterKey OTHER_KEY = MasterKey.generate(new SecureRandom());
    static final Actor ADMIN = Actor.user("admin");
    static final Actor OPERATOR = Actor.user("operator");
    static final Actor VIEWER = Actor.user("viewer");
    /** The system actor scheduled work runs as (the builder's default). */
    static final Actor SCHEDULER = Actor.system("scheduler");

    final MutableClock clock;
    final InMemoryDatabaseSource source;
    final InMemoryStorageBackend storage;
    final BackupLock lock;
    final Map<String, Tenant> tenants;
    final RecordingListener events = new RecordingListener();
    final Gate gate = new Gate();
    final Keys keys = new Keys();
    final AtomicReference<OptionalLong> quota = new AtomicReference<>(OptionalLong.empty());
    final Backups backups;

    Fixture() {
        this(b -> {});
    }

    Fixture(Consumer<Backups.Builder> custom) {
        this(new MutableClock(Instant.parse("2026-11-26T10:00:00Z")), new InMemoryDatabaseSource(), null, null,
                new ConcurrentHashMap<>(), custom);
    }

    /** Another node of the same deployment: shares clock, source, storage, lock and tenants. */
    Fixture(Fixture shared, Consumer<Backups.Builder> custom) {
        this(shared.clock, shared.source, shared.storage, shared.lock, shared.tenants, custom);
    }

    private Fixture(MutableClock clock, InMemoryDatabaseSource source, InMemoryStorageBackend storage, BackupLock lock,
            Map<String, Tenant> tenants, Consumer<Backups.Builder> custom) {
        this.clock = clock;
        this.source = source;
        this.storage = storage != null ? storage : new InMemoryStorageBackend("spec", clock);
        this.lock = lock != null ? lock : new InJvmBackupLock(clock);
        this.tenants = tenants;
        keys.current.set(KEY);
        if (tenants.isEmpty()) {
            addTenant(Tenant.of("acme", "Acme Corp", "acme_db"));
            seed("acme_db", "v1");
        }
        Backups.Builder b = Backups.builder().source(source).storage(this.storage).keys(keys).tenants(directory())
                .access((actor, permission, tenant) -> switch (actor.id()) {
                    case "admin", "system:scheduler" -> true;
                    case "operator" -> permission == Permission.CREATE || permission == Permission.VIEW;
                    case "viewer" -> permission == Permission.VIEW;
                    default -> false;
                })
                .gate(gate).quota(t -> quota.get()).lock(this.lock).listener(events).clock(clock)
                .compressionThreads(2).maxConcurrentBackups(2).nodeName("spec-node");
        custom.accept(b);
        this.backups = b.build();
    }

    private TenantDirectory directory() {
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String tenantId) {
                return Optional.ofNullable(tenants.get(tenantId));
            }

            @Override
            public List<Tenant> all() {
                return new ArrayList<>(new TreeMap<>(tenants).values());
            }
        };
    }

    Tenant addTenant(Tenant t) {
        tenants.put(t.id(), t);
        return t;
    }

    Tenant tenant(String id) {
        return tenants.get(id);
    }

    /** Replaces a database with two collections whose documents carry {@code version}. */
    void seed(String db, String version) {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        List<byte[]> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(("{customer " + i + " " + version + "}").getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> invoices = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            invoices.add(("{invoice " + i + " " + version + " amount " + (i * 37) + "}").getBytes(StandardCharsets.UTF_8));
        }
        m.put("customers", customers);
        m.put("invoices", invoices);
        source.putDatabase(db, m);
    }

    /** The database as comparable strings. */
    Map<String, List<String>> content(String db) {
        Map<String, List<String>> m = new TreeMap<>();
        source.database(db).forEach((k, v) -> m.put(k, v.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList()));
        return m;
    }

    BackupService service() {
        return backups;
    }

    SnapshotCatalog catalog() {
        return backups.catalog();
    }

    RestoreService restores() {
        return backups.restores();
    }

    /** Every object name in a tenant's folder, sorted. */
    List<String> objects(String tenant) throws Exception {
        return storage.list(tenant).stream().map(o -> o.key().fileName()).sorted().toList();
    }

    byte[] bytes(String tenant, String file) {
        return storage.bytesOf(StorageKey.of(tenant, file)).orElseThrow();
    }

    @Override
    public void close() {
        backups.close();
    }

    /** A switchable keyring: current key, plus retired keys. */
    static final class Keys implements KeyProvider {
        final AtomicReference<MasterKey> current = new AtomicReference<>();
        final Set<MasterKey> retired = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<MasterKey> currentKey() {
            return Optional.ofNullable(current.get());
        }

        @Override
        public Optional<MasterKey> keyById(KeyId id) {
            MasterKey c = current.get();
            if (c != null && c.id().equals(id)) {
                return Optional.of(c);
            }
            return retired.stream().filter(k -> k.id().equals(id)).findFirst();
        }

        @Override
        public Set<KeyId> knownKeyIds() {
            Set<KeyId> s = new LinkedHashSet<>();
            MasterKey c = current.get();
            if (c != null) {
                s.add(c.id());
            }
            retired.forEach(k -> s.add(k.id()));
            return s;
        }

        @Override
        public String describe() {
            return "spec keys";
        }
    }

    /** Records enter/exit; can be told to fail on enter. */
    static final class Gate implements MaintenanceGate {
        final AtomicInteger enters = new AtomicInteger();
        final AtomicInteger exits = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile boolean inMaintenance;
        volatile RuntimeException failOnEnter;
        /** Runs inside {@link #enter}, on the restoring thread: a test pauses a node there. */
        volatile Runnable onEnter = () -> {};

        @Override
        public void enter(Tenant tenant, String reason) {
            log.add("enter " + tenant.id());
            onEnter.run();
            RuntimeException f = failOnEnter;
            if (f != null) {
                throw f;
            }
            enters.incrementAndGet();
            inMaintenance = true;
        }

        @Override
        public void exit(Tenant tenant) {
            log.add("exit " + tenant.id());
            exits.incrementAndGet();
            inMaintenance = false;
        }
    }
}
