package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK HttpServer adapter, over real HTTP. */
class JdkAdapterTest extends AdapterContract {
    static WebFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Override
    String mount() {
        return f.url().substring(0, f.url().length() - 1);
    }

    @Override
    WebFixture fixture() {
        return f;
    }

    @Test
    void a_path_that_only_starts_like_the_mount_point_is_not_served() throws Exception {
        HttpResponse<String> r = send(get("X/", null));
        assertThat(r.statusCode()).isEqualTo(404);
    }
}
