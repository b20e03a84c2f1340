package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Actor;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The screen in a real browser: the system's Chromium and chromedriver ({@code chromium},
 * {@code chromium-driver}), headless, driven by Selenium. Skipped, with the reason, where they are not
 * installed; {@code .ci/run} installs them on CI. Screenshots go to {@code target/screenshots/} (the
 * ones in docs/images/ were copied from there).
 */
@EnabledIf(value = "com.daaisuite.backup.web.Chromium#installed", disabledReason = "No Chromium found: need 'chromium' and 'chromedriver' on the PATH"
        + " (apt-get install chromium chromium-driver), so the browser suite is skipped.")
class BrowserTest {
    static final String GREEN = "rgba(26, 127, 55, 1)";
    static final String ORANGE = "rgba(188, 76, 0, 1)";

    static WebFixture f;
    static Chromium chromium;
    WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start(1280, 900);
        f = WebFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = chromium.newDriver();
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Logs in as the host would (its session cookie), then opens the screen and waits for the list. */
    void open(WebFixture fixture, Actor actor) {
        Chromium.logIn(driver, fixture, actor);
        new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#rows tr")).isEmpty()
                || d.findElement(By.id("empty")).isDisplayed());
    }

    void shot(String name) throws IOException {
        Chromium.shot(driver, name);
    }

    List<String> rowFiles() {
        List<String> out = new ArrayList<>();
        for (WebElement tr : driver.findElements(By.cssSelector("#rows tr"))) {
            out.add(tr.getAttribute("data-file"));
        }
        return out;
    }

    WebElement row(String file) {
        return driver.findElement(By.cssSelector("#rows tr[data-file='" + file + "']"));
    }

    @Test
    void a_missing_key_pauses_backups_in_one_sentence_and_disables_what_would_fail() throws Exception {
        try (WebFixture noKey = WebFixture.withoutKey()) {
            open(noKey, WebFixture.ADMIN);
            WebElement banner = new WebDriverWait(driver, Chromium.WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-banner=key]")));
            assertThat(banner.getText()).isEqualTo(Errors.KEY_MISSING);
            assertThat(banner.getCssValue("background-color")).isEqualTo("rgba(255, 248, 197, 1)");
            // Once, in an administrator's words: no second banner, no variables or openssl on the page.
            assertThat(driver.findElements(By.cssSelector("#banners .banner"))).hasSize(1);
            assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("BACKUP_ENCRYPTION_KEY", "openssl");
            assertThat(driver.findElement(By.id("backup-now")).isEnabled()).isFalse();
            // Encrypted backups cannot be restored without the key: their buttons are off; the legacy plaintext one is not.
            assertThat(row(noKey.seeded.get(4)).findElement(By.cssSelector("button.restore")).isEnabled()).isFalse();
            assertThat(row(noKey.seeded.get(0)).findElement(By.cssSelector("button.restore")).isEnabled()).isTrue();
            shot("banner-key-missing");
        }
    }

    @Test
    void a_suspended_subscription_and_a_full_quota_have_their_banners() throws Exception {
        f.tenant.set(f.tenant.get().withActive(false));
        f.headroom.set(java.util.OptionalLong.of(0));
        try {
            open(f, WebFixture.VIEWER);
            WebElement suspended = new WebDriverWait(driver, Chromium.WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-banner=suspended]")));
            assertThat(suspended.getText()).contains("The subscription is suspended");
            WebElement quota = driver.findElement(By.cssSelector("[data-banner=quota-over]"));
            assertThat(quota.getText()).contains("Backup storage is full: new backups will be refused.");
            assertThat(driver.findElements(By.cssSelector("[data-banner=key]"))).isEmpty();
            shot("banners-suspended-quota");
            f.headroom.set(java.util.OptionalLong.of(1_000));
            f.tenant.set(f.tenant.get().withActive(true));
            driver.navigate().refresh();
            WebElement near = new WebDriverWait(driver, Chromium.WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-banner=quota-near]")));
            assertThat(near.getText()).contains("nearly full", "1000 bytes left");
            assertThat(driver.findElements(By.cssSelector("[data-banner=suspended]"))).isEmpty();
        } finally {
            f.tenant.set(f.tenant.get().withActive(true));
            f.headroom.set(java.util.OptionalLong.empty());
        }
    }

    @Test
    void the_list_is_newest_first_with_green_and_open_orange_locks() throws Exception {
        open(f, WebFixture.VIEWER);
        List<String> newestFirst = new ArrayList<>(f.seeded);
        Collections.reverse(newestFirst);
        assertThat(rowFiles()).containsSubsequence(newestFirst);
        WebElement legacy = row(f.seeded.get(0));
        WebElement openLock = legacy.findElement(By.cssSelector(".lock.open"));
        assertThat(openLock.getText()).isEqualTo("Not encrypted");
        assertThat(openLock.getCssValue("color")).isEqualTo(ORANGE);
        // The explanation is said once under the list, not repeated on every legacy row, and offers no delete.
        assertThat(driver.findElements(By.cssSelector(".plaintext-note"))).hasSize(1);
        assertThat(driver.findElement(By.id("plaintext-note")).getText()).contains("Not encrypted").doesNotContain("delete");
        assertThat(legacy.findElements(By.cssSelector(".origin-badge"))).isEmpty();
        for (String file : f.seeded.subList(1, f.seeded.size())) {
            WebElement lock = row(file).findElement(By.cssSelector(".lock.closed"));
            assertThat(lock.getText()).isEqualTo("Encrypted");
            assertThat(lock.getCssValue("color")).isEqualTo(GREEN);
        }
        assertThat(row(f.seeded.get(1)).findElement(By.cssSelector(".pinned")).getText()).isEqualTo("Pinned");
        assertThat(row(f.seeded.get(2)).findElements(By.cssSelector(".pinned"))).isEmpty();
        WebElement manual = row(f.seeded.get(4));
        assertThat(manual.findElement(By.cssSelector(".label")).getText()).isEqualTo("manual");
        assertThat(manual.findElement(By.cssSelector(".note")).getText()).isEqualTo(WebFixture.SEED_NOTE);
        assertThat(manual.findElement(By.cssSelector(".when")).getText()).endsWith("IST");
        assertThat(driver.findElement(By.id("schedule")).getText()).contains("24-hour", "next run", "Asia/Kolkata");
        // A viewer may do neither: no Backup Now, no Restore.
        assertThat(driver.findElement(By.id("backup-form")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector("button.restore"))).isEmpty();
        assertThat(driver.findElement(By.id("viewer-note")).getText()).contains("may not start a backup or restore one");
        shot("list");
    }

    @Test
    void each_row_says_how_long_retention_keeps_it_as_the_library_decides() throws Exception {
        open(f, WebFixture.VIEWER);
        // The default policy: 24-hour backups by count (no date), manual ones 7 days and then by count, pins forever.
        for (String file : List.of(f.seeded.get(0), f.seeded.get(2), f.seeded.get(3))) {
            assertThat(row(file).findElement(By.cssSelector(".kept")).getText())
                    .isEqualTo("kept while among the 14 newest 24-hour backups");
        }
        assertThat(row(f.seeded.get(1)).findElement(By.cssSelector(".kept")).getText()).isEqualTo("pinned: kept until unpinned");
        WebElement manual = row(f.seeded.get(4));
        java.time.Instant taken = java.time.Instant.parse(manual.findElement(By.cssSelector("time")).getAttribute("datetime"));
        String until = java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm zzz", java.util.Locale.ENGLISH)
                .format(taken.plus(Duration.ofDays(7)).atZone(WebFixture.ZONE));
        assertThat(manual.findElement(By.cssSelector(".kept")).getText())
                .isEqualTo("kept until " + until + ", and after that while among the 10 newest manual backups");
        assertThat(until).endsWith("IST");
    }

    /** Where each file cell's text wraps: per cell, its text and the indexes of the characters that start a new line. */
    @SuppressWarnings("unchecked")
    List<List<Object>> fileLineBreaks() {
        return (List<List<Object>>) ((JavascriptExecutor) driver).executeScript(
                "var out = [];"
                + "document.querySelectorAll('#rows td.file').forEach(function (td) {"
                + "  var walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT), n, chars = [];"
                + "  while ((n = walker.nextNode())) { for (var i = 0; i < n.length; i++) {"
                + "    var r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);"
                + "    var rect = r.getClientRects()[0]; chars.push([n.data[i], rect ? rect.top : -1]); } }"
                + "  var row = [chars.map(function (c) { return c[0]; }).join('')];"
                + "  for (var j = 1; j < chars.length; j++) { if (chars[j][1] > chars[j - 1][1] + 2) { row.push(j); } }"
                + "  out.push(row);"
                + "});"
                + "return out;");
    }

    @Test
    void file_names_break_only_after_an_underscore_and_before_the_whole_extension() throws Exception {
        open(f, WebFixture.VIEWER);
        int wrapped = 0;
        for (int width : List.of(1280, 1024, 390)) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            for (List<Object> cell : fileLineBreaks()) {
                String text = (String) cell.get(0);
                int extension = text.endsWith(".gz.enc") ? text.length() - 7 : text.endsWith(".gz") ? text.length() - 3 : -1;
                for (Object at : cell.subList(1, cell.size())) {
                    int i = ((Number) at).intValue();
                    assertThat(text.charAt(i - 1) == '_' || i == extension)
                            .as("%d px: '%s' breaks before '%s'", width, text, text.substring(i)).isTrue();
                    wrapped++;
                }
            }
        }
        assertThat(wrapped).as("some file names wrap at these widths, so the rule was exercised").isPositive();
    }

    @Test
    void backup_now_with_a_note_adds_a_manual_row_at_the_top_without_a_reload() throws Exception {
        open(f, WebFixture.ADMIN);
        ((JavascriptExecutor) driver).executeScript("window.__sameDocument = true;");
        String note = "before the GST rate change";
        driver.findElement(By.id("note")).sendKeys(note);
        driver.findElement(By.id("backup-now")).click();
        // The list is re-rendered when the job ends: a row found a moment before may be gone, so look again.
        WebElement added = new WebDriverWait(driver, Chromium.WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            for (WebElement tr : d.findElements(By.cssSelector("#rows tr"))) {
                if (note.equals(tr.findElement(By.cssSelector(".note")).getText())) {
                    return tr;
                }
            }
            return null;
        });
        WebElement top = driver.findElements(By.cssSelector("#rows tr")).get(0);
        // At the top: nothing is newer (names have one-second resolution, a snapshot of the same second may share it).
        assertThat(added.findElement(By.cssSelector("time")).getAttribute("datetime"))
                .isEqualTo(top.findElement(By.cssSelector("time")).getAttribute("datetime"));
        assertThat(added.getAttribute("data-label")).isEqualTo("manual");
        assertThat(added.findElement(By.cssSelector(".lock.closed")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("job")).getText()).startsWith("Backup complete: " + added.getAttribute("data-file"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument === true;")).isEqualTo(true);
        shot("backup-now");
    }

    @Test
    void the_restore_dialog_waits_for_the_exact_name_then_replaces_the_database() throws Exception {
        f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").deleteMany(Filters.eq("status", "paid"));
        long broken = f.invoices();
        assertThat(broken).isLessThan(40);
        open(f, WebFixture.ADMIN);
        String file = f.seeded.get(4);
        // Keyboard only: Enter on the row's Restore button opens the dialog with the focus in the name box.
        row(file).findElement(By.cssSelector("button.restore")).sendKeys(Keys.ENTER);
        WebElement dialog = new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-dialog")));
        new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.textToBe(By.id("r-file"), file));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-name");
        assertThat(dialog.findElement(By.id("r-encrypted")).getText()).contains("Encrypted");
        assertThat(dialog.findElement(By.id("restore-warning")).getText()).isNotBlank();
        WebElement name = driver.findElement(By.id("confirm-name"));
        WebElement submit = driver.findElement(By.id("restore-submit"));
        for (String nearMiss : List.of("acme traders", "Acme Trader", "Acme Traders ")) {
            name.clear();
            name.sendKeys(nearMiss);
            assertThat(submit.isEnabled()).as("'" + nearMiss + "'").isFalse();
        }
        name.clear();
        name.sendKeys("Acme Trader");
        shot("restore-dialog");
        name.sendKeys("s");
        assertThat(submit.isEnabled()).isTrue();
        submit.click();
        WebElement safety = new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("safety-backup")));
        assertThat(safety.getText()).contains("pre-restore");
        assertThat(driver.findElements(By.cssSelector("#phases li.done"))).hasSize(3);
        assertThat(f.invoices()).isEqualTo(40);
        shot("restore-done");
        String safetyFile = safety.getText();
        driver.findElement(By.id("restore-cancel")).click();
        assertThat(row(safetyFile).getAttribute("data-label")).isEqualTo("pre-restore");
        assertThat(row(safetyFile).findElement(By.cssSelector(".kept")).getText()).startsWith("safety backup, kept 7 days (until ");
        assertThat(rowFiles().get(0)).isEqualTo(safetyFile);
    }

    @Test
    void the_restore_dialog_of_a_legacy_plaintext_archive_says_its_origin_cannot_be_verified() throws Exception {
        open(f, WebFixture.ADMIN);
        row(f.seeded.get(0)).findElement(By.cssSelector("button.restore")).click();
        WebElement origin = new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("origin")));
        assertThat(driver.findElement(By.id("r-file")).getText()).isEqualTo(f.seeded.get(0));
        assertThat(driver.findElement(By.cssSelector("#r-encrypted .lock.open")).getCssValue("color")).isEqualTo(ORANGE);
        assertThat(origin.getText()).isNotBlank();
        // Older than the first encrypted backup: restorable without the extra acceptance.
        assertThat(driver.findElement(By.id("origin-accept-label")).isDisplayed()).isFalse();
        driver.findElement(By.id("confirm-name")).sendKeys(WebFixture.WORKSPACE);
        assertThat(driver.findElement(By.id("restore-submit")).isEnabled()).isTrue();
        shot("restore-legacy");
        driver.findElement(By.id("confirm-name")).sendKeys(Keys.ESCAPE);
        new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("restore-dialog")));
    }

    @Test
    void a_user_without_restore_sees_no_restore_button_and_a_forged_request_is_refused() throws Exception {
        open(f, WebFixture.OPERATOR);
        assertThat(driver.findElements(By.cssSelector("#rows tr"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("button.restore"))).isEmpty();
        assertThat(driver.findElement(By.id("backup-now")).isDisplayed()).isTrue();
        // The page hides the button; the endpoint must refuse anyway, even with this session's real token.
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('api/session').then(r => r.json()).then(s => fetch('api/restores', {method: 'POST',"
                        + " headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken},"
                        + " body: JSON.stringify({file: arguments[0], typedName: 'Acme Traders'})}))"
                        + ".then(r => r.json().then(j => done(r.status + ' ' + j.error.code)), e => done('error ' + e));",
                f.seeded.get(4));
        assertThat(status).isEqualTo("403 permission_denied");
        shot("no-restore-permission");
    }

    @Test
    void an_empty_workspace_says_when_the_first_backup_runs_and_offers_backup_now() throws Exception {
        open(f, WebFixture.NEWCOMER);
        WebElement empty = driver.findElement(By.id("empty"));
        assertThat(empty.isDisplayed()).isTrue();
        assertThat(empty.getText()).contains("No backups yet.", "The first nightly automated backup ");
        assertThat(driver.findElement(By.id("snapshots")).isDisplayed()).isFalse();
        shot("empty");
        driver.findElement(By.id("empty-backup-now")).click();
        WebElement first = new WebDriverWait(driver, Chromium.WAIT).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rows tr")));
        assertThat(first.getAttribute("data-label")).isEqualTo("manual");
        assertThat(driver.findElement(By.id("empty")).isDisplayed()).isFalse();
    }

    @Test
    void on_a_phone_the_list_fits_the_screen() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 844));
        open(f, WebFixture.ADMIN);
        shot("phone");
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "var w = document.documentElement.clientWidth, out = [];"
                        + "document.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect();"
                        + " if (r.right > w + 0.5 && r.width > 0) { out.push((e.id || e.tagName + '.' + e.className) + ':' + Math.round(r.right)); } });"
                        + "return out.join(', ');");
        assertThat(overflow).as("elements wider than the %s px phone screen", 390).isEqualTo("");
        assertThat(driver.findElements(By.cssSelector("button.restore")).get(0).isDisplayed()).isTrue();
        shot("phone");
    }


    Path archive(WebFixture fixture, String file) {
        return fixture.dir.resolve(WebFixture.TENANT).resolve("db-backups").resolve(file);
    }

    void restoreByTypingTheName(String file) {
        row(file).findElement(By.cssSelector("button.restore")).click();
        new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.textToBe(By.id("r-file"), file));
        driver.findElement(By.id("confirm-name")).sendKeys(WebFixture.WORKSPACE);
        driver.findElement(By.id("restore-submit")).click();
    }

    @Test
    void a_failed_restore_looks_like_failure_and_says_what_was_not_changed() throws Exception {
        String file = f.seeded.get(2);
        Path path = archive(f, file);
        byte[] original = Files.readAllBytes(path);
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 0x5a;
        Files.write(path, tampered);
        long before = f.invoices();
        try {
            open(f, WebFixture.ADMIN);
            restoreByTypingTheName(file);
            WebElement failed = new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-failed")));
            assertThat(failed.getText()).contains("The restore failed at the step", "integrity check", "reference",
                    "The workspace's data was not changed.");
            // No green tick above a failure: the failed step is red, and the ones after it were never reached.
            List<WebElement> failedSteps = driver.findElements(By.cssSelector("#phases li.failed"));
            assertThat(failedSteps).hasSize(1);
            assertThat(failedSteps.get(0).getCssValue("color")).isEqualTo("rgba(207, 34, 46, 1)");
            assertThat(driver.findElements(By.cssSelector("#phases li.done"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#phases li.not-reached"))).hasSize(2);
            assertThat(f.invoices()).isEqualTo(before);
            shot("restore-failed");
            driver.findElement(By.id("restore-cancel")).click();
            assertThat(driver.switchTo().activeElement().getTagName()).isNotEqualTo("body");
        } finally {
            Files.write(path, original);
        }
    }

    @Test
    void storage_that_cannot_be_read_is_a_red_banner_never_the_empty_state() throws Exception {
        Path gone = f.dir.resolveSibling(f.dir.getFileName() + "-unmounted");
        open(f, WebFixture.VIEWER);
        Files.move(f.dir, gone);
        try {
            driver.navigate().refresh();
            WebElement banner = new WebDriverWait(driver, Chromium.WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-banner=storage]")));
            assertThat(banner.getText()).contains("The backup storage cannot be read.", "reference")
                    .doesNotContain(f.dir.toString(), "Exception", "root");
            assertThat(banner.getCssValue("background-color")).isEqualTo("rgba(255, 235, 233, 1)");
            assertThat(driver.findElement(By.id("empty")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("No backups yet");
            // Said once: the status call fails the same way, and does not add a second box.
            assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
            shot("storage-gone");
        } finally {
            Files.move(gone, f.dir);
        }
    }

    @Test
    void a_planted_plaintext_archive_is_marked_in_its_row_and_explained_in_a_dialog_that_fits_a_laptop() throws Exception {
        String planted = f.plantPlaintext();
        try {
            driver.manage().window().setSize(new Dimension(1366, 700));
            open(f, WebFixture.ADMIN);
            WebElement badge = row(planted).findElement(By.cssSelector(".origin-badge"));
            assertThat(badge.getText()).contains("made after encryption began");
            assertThat(row(f.seeded.get(0)).findElements(By.cssSelector(".origin-badge"))).isEmpty();
            row(planted).findElement(By.cssSelector("button.restore")).click();
            WebElement note = new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("origin-note")));
            assertThat(note.getText()).contains("may have put it there", "Restore it only if you know where it came from")
                    .doesNotContain("RestoreRequest", "acceptingUnverifiedOrigin", "--accept", "CLI");
            assertThat(driver.findElement(By.id("origin-accept-label")).isDisplayed()).isTrue();
            Object fits = ((JavascriptExecutor) driver).executeScript("var r = document.getElementById('restore-dialog')"
                    + ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;");
            assertThat(fits).as("the dialog fits the 700 px high window").isEqualTo(true);
            shot("restore-planted");
            driver.findElement(By.id("restore-cancel")).click();
            shot("list-planted");
        } finally {
            Files.deleteIfExists(archive(f, planted));
            Files.deleteIfExists(archive(f, planted + ".manifest.json"));
        }
    }

    @Test
    void two_hundred_and_five_backups_come_in_pages_sorted_and_filtered_on_the_server() throws Exception {
        try (WebFixture many = WebFixture.withHistory(200)) {
            long t0 = System.nanoTime();
            open(many, WebFixture.ADMIN);
            long firstPageMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("Paging: page with the first 200 of 205 rows shown after " + firstPageMs + " ms");
            assertThat(driver.findElements(By.cssSelector("#rows tr"))).hasSize(200);
            assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("Showing 1\u2013200 of 205");
            assertThat(rowFiles().get(0)).isEqualTo(many.seeded.get(4));
            shot("paging");
            driver.findElement(By.id("page-next")).click();
            new WebDriverWait(driver, Chromium.WAIT).until(d -> d.findElements(By.cssSelector("#rows tr")).size() == 5);
            assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("Showing 201\u2013205 of 205");
            assertThat(driver.findElement(By.id("page-next")).isEnabled()).isFalse();
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("order"))).selectByValue("oldest");
            new WebDriverWait(driver, Chromium.WAIT).until(d -> d.findElements(By.cssSelector("#rows tr")).size() == 200);
            assertThat(rowFiles().get(0)).isEqualTo(many.seeded.get(0));
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("label-filter"))).selectByValue("24-hour");
            new WebDriverWait(driver, Chromium.WAIT).until(d -> d.findElements(By.cssSelector("#rows tr")).size() == 4);
            assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("Showing 1\u20134 of 4 (205 in all)");
            assertThat(driver.findElement(By.id("pager")).isDisplayed()).isFalse();
        }
    }
}
