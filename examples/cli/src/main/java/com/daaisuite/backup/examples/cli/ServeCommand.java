package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.core.StorageUris;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.web.BackupsWeb;
import com.daaisuite.backup.web.RestoreProgress;
import com.daaisuite.backup.web.WebUser;
import com.daaisuite.backup.web.jdk.BackupsHttpHandler;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the "Settings &gt; Database Backups" screen (module backup-web) on embedded defaults,
 * in a browser. It plays a small host: an in-process MongoDB with the sample workspace, a folder of
 * archives with a few days of history (one of them a legacy plaintext archive), and one signed-in user
 * whose role decides what the page offers.
 *
 * <p>There is no login: every visitor is that user. That is why it binds to 127.0.0.1 unless told
 * otherwise.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = DaaiBackupCli.Version.class,
        description = "Serve the Database Backups screen on embedded defaults (in-process MongoDB, sample workspace"
                + " with a few days of backups) and print its URL.")
final class ServeCommand extends CliCommand {
    static final String TENANT = "acme";
    static final String WORKSPACE = "Acme Traders";
    static final String DATABASE = "daai_acme";
    static final String MOUNT = "/backups";
    static final Actor SCHEDULER = Actor.system("scheduler");

    /** The demo's roles, as a host's permission system would define them. */
    enum Role {
        admin(EnumSet.of(Permission.VIEW, Permission.CREATE, Permission.RESTORE), "may back up and restore"),
        operator(EnumSet.of(Permission.VIEW, Permission.CREATE), "may back up, may not restore"),
        viewer(EnumSet.of(Permission.VIEW), "may only look");

        final Set<Permission> permissions;
        final String says;

        Role(Set<Permission> permissions, String says) {
            this.permissions = permissions;
            this.says = says;
        }
    }

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default ${DEFAULT-VALUE}). The demo has no login: keep it local;"
                    + " any other address also needs --no-login-on-network.")
    String bind;

    @Option(names = "--no-login-on-network", description = "Allow a --bind address other than loopback, knowing that"
            + " everyone who can reach it acts as the demo user, without a login.")
    boolean noLoginOnNetwork;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A host name the screen may be opened under"
            + " (repeatable), besides the address it listens on and, on loopback, localhost.")
    List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The folder for the archives (default: a new temporary folder).")
    Path dir;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "admin",
            description = "Who the visitor is: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Role role;

    @Option(names = "--without-key", description = "Serve without an encryption key, to see the yellow banner"
            + " (new backups then fail, as they would in a misconfigured host).")
    boolean withoutKey;

    @Option(names = "--for", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until Ctrl+C).")
    Long forSeconds;

    @Override
    int execute() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliUsageException("--port must be 0..65535, got " + port);
        }
        if (forSeconds != null && forSeconds < 1) {
            throw new CliUsageException("--for must be at least 1 second, got " + forSeconds);
        }
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw new CliUsageException("--bind " + bind + " is not an address of this machine. Use 127.0.0.1 (the default).");
        }
        if (!address.isLoopbackAddress() && !noLoginOnNetwork) {
            throw new CliUsageException("--bind " + bind + " would serve the demo beyond this machine, and it has no login:"
                    + " everyone who can reach it could back up and restore as the demo user. Add --no-login-on-network"
                    + " if that is what you want, or keep the default 127.0.0.1.");
        }
        Path folder = (dir != null ? dir : Files.createTempDirectory("daai-backup-serve-")).toAbsolutePath().normalize();
        Files.createDirectories(folder);
        Actor user = new Actor("demo-" + role.name(), "Demo " + Character.toUpperCase(role.name().charAt(0)) + role.name().substring(1));
        Tenant tenant = Tenant.builder(TENANT).workspaceName(WORKSPACE).databaseName(DATABASE)
                .frequency(SnapshotLabel.TWENTY_FOUR_HOUR).zone(ZoneId.of("Asia/Kolkata")).build();
        TenantDirectory tenants = TenantDirectory.of(List.of(tenant));

        MongoServer mongo = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        mongo.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        HttpServer http = null;
        try (MongoClient client = MongoClients.create(uri)) {
            SampleWorkspace.seed(client.getDatabase(DATABASE));
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            StorageBackend storage = StorageUris.open(folder.toUri().toString());
            KeyProvider keys = demoKeys();
            int history = seedHistory(source, storage, tenants, keys);

            RestoreProgress progress = new RestoreProgress();
            try (Backups backups = host(source, storage, tenants)
                    .keys(withoutKey ? KeyProviders.fromEnvironment(name -> null) : keys)
                    .listener(progress)
                    .gate(progress.around(MaintenanceGate.NONE))
                    // Anyone with Create can start one; a dump of the whole database is not a button to hammer.
                    .backupNowMinInterval(BACKUP_NOW_INTERVAL)
                    .build()) {
                byte[] secret = new byte[32];
                SecureRandom random = new SecureRandom();
                random.nextBytes(secret);
                byte[] session = new byte[16];
                random.nextBytes(session);
                String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(session);
                WebUser visitor = new WebUser(user, TENANT, role.permissions, sessionId);
                List<String> names = new java.util.ArrayList<>(allowedHosts);
                String host = urlHost(address);
                names.add(host);
                try (BackupsWeb web = BackupsWeb.builder().backups(backups).tenants(tenants)
                        // No login in the demo: every visitor is the one user chosen with --role.
                        .identity(request -> Optional.of(visitor))
                        .allowedHosts(names.toArray(String[]::new))
                        .csrfSecret(secret).restoreProgress(progress).build()) {
                    try {
                        // Bounded threads and queue, and a read deadline per request: slow clients cannot freeze it.
                        http = BackupsHttpHandler.createServer(new InetSocketAddress(address, port), 4, 64);
                    } catch (BindException e) {
                        throw new CliUsageException("Cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                                + "). Choose another --port, or 0 for a free one.");
                    }
                    BackupsHttpHandler.mount(http, MOUNT, web);
                    http.start();
                    if (!address.isLoopbackAddress()) {
                        err().println("WARNING: the Database Backups demo is reachable from the network at " + bind + ":"
                                + http.getAddress().getPort() + " and has NO LOGIN: everyone who can reach it acts as "
                                + user.displayName() + " (role " + role + ") and can " + role.says.replace("may ", "")
                                + ". Stop it with Ctrl+C when done.");
                        err().flush();
                    }
                    out().println("daai-backup serve: the Database Backups screen on embedded defaults");
                    out().println("  MongoDB    " + uri + " (an in-process wire-protocol server, in memory)");
                    out().println("  Storage    " + folder);
                    out().println("  Workspace  \"" + WORKSPACE + "\" (tenant " + TENANT + ", zone " + tenant.zone() + "), "
                            + history + " backups from the last days, one of them a legacy plaintext archive");
                    out().println("  Visitor    " + user.displayName() + " (role " + role + ": " + role.says + "); there is no login,"
                            + " so keep --bind local");
                    if (withoutKey) {
                        out().println("  Key        none (--without-key): the page shows the yellow banner and Backup Now fails");
                    }
                    out().println();
                    out().println("Open http://" + host + ":" + http.getAddress().getPort() + MOUNT + "/");
                    out().println(forSeconds == null ? "Press Ctrl+C to stop." : "Stopping in " + forSeconds + " seconds.");
                    out().flush();
                    awaitStop();
                    out().println("Stopped.");
                    return ExitCodes.OK;
                }
            }
        } finally {
            if (http != null) {
                http.stop(0);
            }
            mongo.shutdownNow();
        }
    }

    /** The Backup Now interval of the demo. */
    static final Duration BACKUP_NOW_INTERVAL = Duration.ofSeconds(30);

    /**
     * The host part of the URL to print: the bound address itself, or for a wildcard bind this
     * machine's first non-loopback address (the one others would use), never "0.0.0.0".
     */
    static String urlHost(java.net.InetAddress address) throws java.net.SocketException {
        java.net.InetAddress shown = address;
        if (address.isAnyLocalAddress()) {
            shown = java.net.InetAddress.getLoopbackAddress();
            for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        shown = a;
                        break;
                    }
                }
                if (!shown.isLoopbackAddress()) {
                    break;
                }
            }
        }
        String h = shown.getHostAddress();
        return h.contains(":") ? "[" + h.replaceAll("%.*", "") + "]" : h;
    }

    private void awaitStop() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "daai-backup-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (forSeconds == null) {
                stop.await();
            } else {
                stop.await(forSeconds, TimeUnit.SECONDS);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl+C: the JVM is already running the hooks; nothing to undo.
            }
        }
    }

    private static Backups.Builder host(MongoDatabaseSource source, StorageBackend storage, TenantDirectory tenants) {
        return Backups.builder().source(source).storage(storage).tenants(tenants)
                // The host's policy: its scheduler may do everything, a demo user what the role allows.
                .access((actor, permission, t) -> actor.equals(SCHEDULER) || actor.id().startsWith("demo-")
                        && Role.valueOf(actor.id().substring("demo-".length())).permissions.contains(permission))
                .systemActor(SCHEDULER)
                .nodeName("daai-backup-serve");
    }

    /**
     * A few days of history, each backup made by an instance whose clock says when: a legacy plaintext
     * archive four days ago, scheduled encrypted ones on the three days after, a manual one yesterday.
     */
    private int seedHistory(MongoDatabaseSource source, StorageBackend storage, TenantDirectory tenants, KeyProvider keys)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        // The nightly slot (01:00 in the workspace's zone) the scheduler last had: seeding the scheduled backups
        // there makes "next run" the coming night, as in a host whose scheduler runs, not "due now" forever.
        java.time.ZonedDateTime slot = now.atZone(tenants.all().get(0).zone()).withHour(1).withMinute(0);
        if (slot.toInstant().isAfter(now)) {
            slot = slot.minusDays(1);
        }
        Instant lastSlot = slot.toInstant();
        try (Backups legacy = host(source, storage, tenants).keys(KeyProviders.fromEnvironment(name -> null)).allowPlaintext(true)
                .clock(Clock.fixed(lastSlot.minus(Duration.ofDays(3)), ZoneOffset.UTC)).build()) {
            legacy.backup(SCHEDULER, TENANT, BackupTrigger.SCHEDULED);
        }
        for (int day = 2; day >= 0; day--) {
            try (Backups b = host(source, storage, tenants).keys(keys).clock(Clock.fixed(lastSlot.minus(Duration.ofDays(day)),
                    ZoneOffset.UTC)).build()) {
                b.backup(SCHEDULER, TENANT, BackupTrigger.SCHEDULED);
            }
        }
        // A manual one an hour after the newest scheduled one (never in the future).
        Instant manual = lastSlot.plus(Duration.ofHours(1)).isBefore(now) ? lastSlot.plus(Duration.ofHours(1)) : now;
        try (Backups b = host(source, storage, tenants).keys(keys).clock(Clock.fixed(manual, ZoneOffset.UTC)).build()) {
            b.backupNow(new Actor("demo-admin", "Demo Admin"), TENANT, "before the price import").await(Duration.ofMinutes(2));
        }
        return 5;
    }

    private KeyProvider demoKeys() {
        String env = root.environment().get(KeyProviders.CURRENT_KEY_VARIABLE);
        if (env != null && !env.isBlank()) {
            return KeyProviders.fromEnvironment(root.environment()::get);
        }
        // Lives only in memory, like the demo's: the archives of this run are unreadable after it exits.
        return KeyProviders.of(MasterKey.generate(new SecureRandom()));
    }
}
