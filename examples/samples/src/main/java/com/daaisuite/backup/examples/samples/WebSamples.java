package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.web.BackupsWeb;
import com.daaisuite.backup.web.RestoreProgress;
import com.daaisuite.backup.web.WebRequest;
import com.daaisuite.backup.web.WebUser;
import com.daaisuite.backup.web.jdk.BackupsHttpHandler;
import com.daaisuite.backup.web.servlet.BackupsServlet;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/** The backup-web samples of docs/web.md and its Javadoc (see {@link Samples} for the rules). */
@SuppressWarnings("unused")
final class WebSamples {
    private WebSamples() {}

    /** What a host's session holds, for the samples. */
    record HostSession(Actor actor, String workspaceId, Set<Permission> backupPermissions, String id) {}

    static Optional<HostSession> session(WebRequest request) {
        return Optional.empty();
    }

    static BackupsWeb mount(DatabaseSource source, StorageBackend storage, KeyProvider keys, TenantDirectory tenants,
            AccessPolicy access, QuotaPolicy quota, MaintenanceGate hostGate, byte[] secret32Bytes) {
        // sample: web: mounting it in a host
        RestoreProgress progress = new RestoreProgress();          // optional: restore phases in the dialog
        Backups backups = Backups.builder()
                .source(source).storage(storage).keys(keys).tenants(tenants).access(access)
                .quota(quota)
                .listener(progress)                                 // phases come from the library's events
                .gate(progress.around(hostGate))                    // and from the maintenance gate
                .build();

        BackupsWeb web = BackupsWeb.builder()
                .backups(backups)
                .tenants(tenants)                                   // the same directory: name, zone, schedule, active
                .identity(request -> session(request).map(s ->      // the host's session, never a browser parameter
                        new WebUser(s.actor(), s.workspaceId(), s.backupPermissions(), s.id())))
                .csrfSecret(secret32Bytes)                          // the same on every node
                .allowedHosts("app.example.com")                    // the names users open it under (behind a proxy: required)
                .quota(quota)                                       // optional: the quota banner
                .restoreProgress(progress)
                .build();
        // end-sample
        return web;
    }

    static BackupsWeb restoreProgressJavadoc(MaintenanceGate hostGate) {
        // sample: RestoreProgress Javadoc
        RestoreProgress progress = new RestoreProgress();
        Backups backups = Backups.builder() // .source(..).storage(..).keys(..).tenants(..).access(..)
                .listener(progress)
                .gate(progress.around(hostGate))
                .build();
        BackupsWeb web = BackupsWeb.builder().backups(backups).restoreProgress(progress) // .identity(..) ...
                .build();
        // end-sample
        return web;
    }

    static void jdkServer(BackupsWeb web) throws IOException {
        // sample: BackupsHttpHandler Javadoc
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
        BackupsHttpHandler.mount(server, "/backups", web);
        server.start();   // the screen is at http://127.0.0.1:8080/backups/
        // end-sample
    }

    static void servlet(ServletContext servletContext, BackupsWeb web) {
        // sample: BackupsServlet Javadoc
        ServletRegistration.Dynamic r = servletContext.addServlet("backups", new BackupsServlet(web));
        r.addMapping("/backups/*");
        // end-sample
    }
}
