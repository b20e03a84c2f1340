package com.daaisuite.backup.web;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.daaisuite.backup.testing.MutableClock;
import com.daaisuite.backup.web.jdk.BackupsHttpHandler;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;

/**
 * A host, as small as it can be and fully real: an in-process MongoDB wire server with a seeded
 * workspace, a folder of archives (one legacy plaintext, three encrypted scheduled backups made on
 * earlier days, one manual backup with a note), {@code Backups} on them, and the screen mounted on the
 * JDK HTTP server at {@code /backups}. Users log in by a session cookie; the host's access policy and
 * the {@link WebUser} permissions come from the same table, as in a real host.
 */
final class WebFixture implements AutoCloseable {
    static final String TENANT = "acme";
    static final String WORKSPACE = "Acme Traders";
    static final String DATABASE = "daai_acme";
    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    static final String COOKIE = "daai_session";
    static final String SEED_NOTE = "before the price import";

    static final Actor ADMIN = new Actor("u-admin", "Asha Admin");
    static final Actor OPERATOR = new Actor("u-operator", "Omar Operator");
    static final Actor VIEWER = new Actor("u-viewer", "Vera Viewer");
    /** Signed in to the host, but without any backup permission. */
    static final Actor GUEST = new Actor("u-guest", "Gita Guest");
    /** The admin of a second workspace that has no backups yet. */
    static final Actor NEWCOMER = new Actor("u-newcomer", "Nia Newcomer");
    static final Tenant NEW_TENANT = Tenant.builder("globex").workspaceName("Globex Labs").databaseName("daai_globex")
            .frequency(SnapshotLabel.TWENTY_FOUR_HOUR).zone(ZoneId.of("Europe/Berlin")).build();
    /** The host's scheduler: every permission, as the host's policy grants it. */
    static final Actor SCHEDULER = Actor.system("scheduler");
    /** The host's permission table. */
    static final Map<Actor, Set<Permission>> PERMISSIONS = Map.of(
            ADMIN, EnumSet.of(Permission.VIEW, Permission.CREATE, Permission.RESTORE),
            OPERATOR, EnumSet.of(Permission.VIEW, Permission.CREATE),
            VIEWER, EnumSet.of(Permission.VIEW),
            GUEST, EnumSet.noneOf(Permission.class),
            NEWCOMER, EnumSet.of(Permission.VIEW, Permission.CREATE, Permission.RESTORE));
    /** Sessions: cookie value to user. The ids are not secret here; in a host they are. */
    static final Map<String, Actor> SESSIONS = Map.of("s-admin", ADMIN, "s-operator", OPERATOR, "s-viewer", VIEWER, "s-guest", GUEST,
            "s-newcomer", NEWCOMER);

    final MongoServer mongo;
    final MongoClient client;
    final Path dir;
    final byte[] keyBytes = new byte[32];
    final MasterKey key;
    final Backups backups;
    final RestoreProgress progress = new RestoreProgress();
    final AtomicReference<Tenant> tenant = new AtomicReference<>(
            Tenant.builder(TENANT).workspaceName(WORKSPACE).databaseName(DATABASE).frequency(SnapshotLabel.TWENTY_FOUR_HOUR).zone(ZONE).build());
    final AtomicReference<OptionalLong> headroom = new AtomicReference<>(OptionalLong.empty());
    final byte[] csrfSecret = new byte[32];
    final BackupsWeb web;
    final MongoDatabaseSource source;
    final FileSystemStorageBackend storage;
    final TenantDirectory tenants;
    final HttpServer http;
    /** The driver's server-selection timeout this fixture's client was given; null for the driver's default. */
    final Duration serverSelectionTimeout;
    /** The seeded snapshots, oldest first. */
    final List<String> seeded = new ArrayList<>();

    /**
     * While set, a Backup Now of the seeded workspace waits at its start until the latch opens: two
     * Backup Nows can then overlap for sure.
     */
    final AtomicReference<java.util.concurrent.CountDownLatch> holdBackups = new AtomicReference<>();

    private WebFixture(boolean withKey) throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        this(withKey, Duration.ZERO, 0);
    }

    /**
     * @param backupNowInterval the host's Backup Now minimum interval
     * @param extraHistory how many more scheduled backups to seed, one an hour before the others
     */
    private WebFixture(boolean withKey, Duration backupNowInterval, int extraHistory)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        this(withKey, backupNowInterval, extraHistory, null);
    }

    /** @param serverSelectionTimeout the driver's server-selection timeout; null for the driver's default (30 s) */
    private WebFixture(boolean withKey, Duration backupNowInterval, int extraHistory, Duration serverSelectionTimeout)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        this.serverSelectionTimeout = serverSelectionTimeout;
        mongo = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress addr = mongo.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + addr.getPort()
                + (serverSelectionTimeout == null ? "" : "/?serverSelectionTimeoutMS=" + serverSelectionTimeout.toMillis()));
        dir = Files.createTempDirectory("daai-web-");
        new SecureRandom().nextBytes(keyBytes);
        key = MasterKey.of(keyBytes);
        new SecureRandom().nextBytes(csrfSecret);
        seedDatabase(client.getDatabase(DATABASE), 40);
        seedDatabase(client.getDatabase(NEW_TENANT.databaseName()), 5);

        TenantDirectory tenants = new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String tenantId) {
                return all().stream().filter(t -> t.id().equals(tenantId)).findFirst();
            }

            @Override
            public List<Tenant> all() {
                return List.of(tenant.get(), NEW_TENANT);
            }
        };
        source = MongoDatabaseSource.builder(client).build();
        storage = FileSystemStorageBackend.at(dir);
        this.tenants = tenants;

        // History, made on earlier days with a clock the test controls: a legacy plaintext archive first.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock past = new MutableClock(now.minus(Duration.ofDays(4)));
        try (Backups legacy = base(source, storage, tenants).keys(NO_KEY).allowPlaintext(true).clock(past).build()) {
            seeded.add(legacy.backup(SCHEDULER, TENANT, BackupTrigger.SCHEDULED).snapshot().fileName());
        }
        try (Backups history = base(source, storage, tenants).keys(KeyProviders.of(key)).clock(past).build()) {
            for (int i = extraHistory; i >= 1; i--) {
                // Manual: retention keeps every manual backup younger than 7 days, so none is pruned on the way.
                past.set(now.minus(Duration.ofDays(4)).plus(Duration.ofHours(1)).plus(Duration.ofMinutes(i)));
                history.backup(SCHEDULER, TENANT, BackupTrigger.MANUAL);
            }
            for (int day = 3; day >= 1; day--) {
                past.set(now.minus(Duration.ofDays(day)));
                seeded.add(history.backup(SCHEDULER, TENANT, BackupTrigger.SCHEDULED).snapshot().fileName());
            }
            // A legal hold on the oldest encrypted one: the pinned marker.
            history.catalog().pin(SCHEDULER, TENANT, seeded.get(1));
            past.set(now.minus(Duration.ofHours(20)));
            seeded.add(history.backupNow(ADMIN, TENANT, SEED_NOTE).await(Duration.ofSeconds(60)).snapshot().fileName());
        }

        backups = base(source, storage, tenants).keys(withKey ? KeyProviders.of(key) : NO_KEY)
                .quota(t -> headroom.get())
                .listener(progress)
                .listener(event -> {
                    java.util.concurrent.CountDownLatch hold = holdBackups.get();
                    if (hold != null && event.type() == com.daaisuite.backup.core.BackupEvent.Type.BACKUP_STARTED) {
                        try {
                            hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .gate(progress.around(com.daaisuite.backup.core.spi.MaintenanceGate.NONE))
                .backupNowMinInterval(backupNowInterval)
                .build();
        web = BackupsWeb.builder()
                .backups(backups)
                .tenants(tenants)
                .identity(WebFixture::identify)
                .csrfSecret(csrfSecret)
                .quota(t -> headroom.get())
                .restoreProgress(progress)
                .build();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        BackupsHttpHandler.mount(http, "/backups", web);
        http.start();
    }

    /**
     * Writes a plaintext archive now, after the encrypted ones: what someone with write access to the
     * storage could plant. The library rates its origin NEEDS_OVERRIDE.
     *
     * @return its file name
     */
    String plantPlaintext() {
        try (Backups planter = base(source, storage, tenants).keys(NO_KEY).allowPlaintext(true).build()) {
            return planter.backup(SCHEDULER, TENANT, BackupTrigger.SCHEDULED).snapshot().fileName();
        }
    }

    static WebFixture start() throws Exception {
        return new WebFixture(true);
    }

    static WebFixture withoutKey() throws Exception {
        return new WebFixture(false);
    }

    static WebFixture withBackupNowInterval(Duration interval) throws Exception {
        return new WebFixture(true, interval, 0);
    }

    /** @param serverSelectionTimeout how long the driver waits for a server before it gives up (short: quick tests) */
    static WebFixture withServerSelectionTimeout(Duration serverSelectionTimeout) throws Exception {
        return new WebFixture(true, Duration.ZERO, 0, serverSelectionTimeout);
    }

    /** @param extra manual backups beyond the usual five, so that the list has 5 + extra rows */
    static WebFixture withHistory(int extra) throws Exception {
        return new WebFixture(true, Duration.ZERO, extra);
    }

    private static Backups.Builder base(MongoDatabaseSource source, FileSystemStorageBackend storage, TenantDirectory tenants) {
        return Backups.builder()
                .source(source)
                .storage(storage)
                .tenants(tenants)
                .access((actor, permission, t) -> actor.equals(SCHEDULER)
                        || t.id().equals(tenantOf(actor)) && PERMISSIONS.getOrDefault(actor, Set.of()).contains(permission))
                .nodeName("web-test");
    }

    /** The host's identity: its own session cookie, and the tenant from its own records, never from the request. */
    static Optional<WebUser> identify(WebRequest request) {
        return request.header("Cookie").flatMap(WebFixture::sessionCookie).flatMap(id -> Optional.ofNullable(SESSIONS.get(id))
                .map(actor -> new WebUser(actor, tenantOf(actor), PERMISSIONS.get(actor), id)));
    }

    /** The host's record of which workspace each user belongs to. */
    static String tenantOf(Actor actor) {
        return actor.equals(NEWCOMER) ? NEW_TENANT.id() : TENANT;
    }

    private static Optional<String> sessionCookie(String header) {
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return Optional.of(p.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** A key provider with no key at all: what a host without BACKUP_ENCRYPTION_KEY has. */
    static final KeyProvider NO_KEY = new KeyProvider() {
        @Override
        public Optional<MasterKey> currentKey() {
            return Optional.empty();
        }

        @Override
        public Optional<MasterKey> keyById(KeyId id) {
            return Optional.empty();
        }

        @Override
        public Set<KeyId> knownKeyIds() {
            return Set.of();
        }

        @Override
        public String describe() {
            return "no key";
        }

        // Like the environment provider of such a host, it says which variable to set.
        @Override
        public String howToConfigureKey() {
            return "Set the environment variable BACKUP_ENCRYPTION_KEY to the key. " + MasterKey.howToMakeOne() + ".";
        }
    };

    static void seedDatabase(MongoDatabase db, int invoices) {
        List<Document> docs = new ArrayList<>();
        for (int i = 1; i <= invoices; i++) {
            docs.add(new Document("_id", String.format("INV-%04d", i)).append("amount", i * 125).append("status", i % 3 == 0 ? "overdue" : "paid"));
        }
        db.getCollection("invoices").insertMany(docs);
        db.getCollection("settings").insertOne(new Document("_id", "workspace").append("name", WORKSPACE));
    }

    long invoices() {
        return client.getDatabase(DATABASE).getCollection("invoices").countDocuments();
    }

    /** @return the screen's base URL, with the trailing slash */
    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/backups/";
    }

    WebUser user(Actor actor) {
        String session = SESSIONS.entrySet().stream().filter(e -> e.getValue().equals(actor)).findFirst().orElseThrow().getKey();
        return new WebUser(actor, tenantOf(actor), PERMISSIONS.get(actor), session);
    }

    String csrfFor(Actor actor) {
        return new Csrf(csrfSecret).tokenFor(user(actor));
    }

    static String sessionOf(Actor actor) {
        return SESSIONS.entrySet().stream().filter(e -> e.getValue().equals(actor)).findFirst().orElseThrow().getKey();
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        web.close();
        backups.close();
        client.close();
        mongo.shutdownNow();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
