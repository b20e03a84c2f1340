package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.DrillResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Only some data" in the restore dialog, in a real browser (headless Chromium, as {@link BrowserTest}):
 * picking collections and bringing back what was deleted each preview their counts, need the typed
 * workspace name and then change exactly what they said; a near-miss name changes nothing; a user
 * without RESTORE never sees it and its endpoints refuse the page's own session. Also the "proven
 * restorable on …" mark of a drilled backup and the last drill's sentence. Screenshots go to
 * {@code target/screenshots/}.
 */
@EnabledIf(value = "com.daaisuite.backup.web.Chromium#installed",
        disabledReason = "No Chromium found: need 'chromium' and 'chromedriver' on the PATH, so the browser suite is skipped.")
class PartialRestoreBrowserTest {
    static WebFixture f;
    static Chromium chromium;
    static String newest;
    WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start(1280, 1000);
        f = WebFixture.start();
        newest = f.seeded.get(f.seeded.size() - 1);
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

    /** Each test starts from the seeded data. */
    @AfterEach
    void closeBrowserAndPutTheSeededDataBack() {
        driver.quit();
        var db = f.client.getDatabase(WebFixture.DATABASE);
        db.getCollection("invoices").drop();
        db.getCollection("settings").drop();
        WebFixture.seedDatabase(db, 40);
    }

    static MongoCollection<Document> invoices() {
        return f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices");
    }

    static MongoCollection<Document> settings() {
        return f.client.getDatabase(WebFixture.DATABASE).getCollection("settings");
    }

    static List<Document> all(MongoCollection<Document> c) {
        return c.find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    /** After the newest backup: 3 invoices deleted, 1 added, 1 changed. */
    static void accident() {
        invoices().deleteMany(Filters.in("_id", "INV-0003", "INV-0004", "INV-0005"));
        invoices().insertOne(new Document("_id", "INV-9001").append("amount", 1).append("status", "paid"));
        invoices().updateOne(Filters.eq("_id", "INV-0010"), Updates.set("amount", 0));
    }

    private void open(com.daaisuite.backup.core.Actor actor) {
        Chromium.logIn(driver, f, actor);
        new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#rows tr")).isEmpty());
    }

    private WebElement row(String file) {
        return driver.findElement(By.cssSelector("#rows tr[data-file='" + file + "']"));
    }

    private WebElement visible(String id) {
        return new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void shot(String name) throws Exception {
        Chromium.shot(driver, name);
    }

    /** Opens the newest backup's restore dialog and chooses "Only some data". */
    private void onlySomeData() {
        row(newest).findElement(By.cssSelector("button.restore")).click();
        new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.textToBe(By.id("r-file"), newest));
        visible("scope-some").click();
        assertThat(driver.findElement(By.id("restore-submit")).isDisplayed()).as("the whole restore's button is gone").isFalse();
        new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#partial-collections input.pick")).isEmpty());
    }

    private WebElement awaitResult() {
        return new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> {
            List<WebElement> done = d.findElements(By.cssSelector("#partial-done, #partial-failed"));
            return done.isEmpty() ? null : done.get(0);
        });
    }

    @Test
    void bring_back_what_was_deleted_shows_the_count_needs_the_name_and_puts_back_only_those_documents() throws Exception {
        accident();
        Document changed = invoices().find(Filters.eq("_id", "INV-0010")).first();
        open(WebFixture.ADMIN);
        onlySomeData();
        assertThat(driver.findElement(By.cssSelector("label[data-collection=invoices]")).getText()).isEqualTo("invoices (40 documents)");
        driver.findElement(By.id("partial-kind-deleted")).click();
        new Select(visible("deleted-collection")).selectByValue("invoices");
        WebElement submit = driver.findElement(By.id("partial-submit"));
        assertThat(submit.getText()).isEqualTo("Bring back what was deleted from invoices");
        assertThat(submit.isEnabled()).as("no preview yet").isFalse();
        driver.findElement(By.id("partial-preview")).click();
        new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.textToBe(By.id("partial-summary"),
                "3 documents of invoices were deleted since this backup and will be put back. No other document is changed or deleted."));
        WebElement name = visible("partial-name");
        name.sendKeys("Acme traders");
        assertThat(submit.isEnabled()).as("near-miss name").isFalse();
        name.clear();
        name.sendKeys(WebFixture.WORKSPACE);
        assertThat(submit.isEnabled()).isTrue();
        shot("web-restore-deleted");
        submit.click();
        WebElement done = awaitResult();
        assertThat(done.getText()).isEqualTo("Brought back 3 documents into invoices from " + newest + ". No other document was changed.");
        assertThat(driver.findElement(By.id("partial-safety")).getText()).contains("pre-restore");
        assertThat(invoices().countDocuments(Filters.in("_id", "INV-0003", "INV-0004", "INV-0005"))).isEqualTo(3);
        assertThat(invoices().find(Filters.eq("_id", "INV-9001")).first()).as("added since: kept").isNotNull();
        assertThat(invoices().find(Filters.eq("_id", "INV-0010")).first()).as("changed since: left as it is").isEqualTo(changed);
        assertThat(invoices().countDocuments()).isEqualTo(41);
        // The safety backup is in the list without a reload.
        String safety = driver.findElement(By.id("partial-safety")).getText();
        new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#rows tr[data-file='" + safety + "']")).isEmpty());
        driver.findElement(By.id("restore-cancel")).click();
    }

    @Test
    void a_wrong_typed_name_never_enables_the_restore_and_a_forged_one_changes_nothing() {
        accident();
        List<Document> before = all(invoices());
        open(WebFixture.ADMIN);
        onlySomeData();
        driver.findElement(By.id("partial-kind-deleted")).click();
        new Select(visible("deleted-collection")).selectByValue("invoices");
        driver.findElement(By.id("partial-preview")).click();
        WebElement name = visible("partial-name");
        WebElement submit = driver.findElement(By.id("partial-submit"));
        for (String near : List.of("acme traders", "Acme Traders ", "Acme  Traders", "Acme")) {
            name.clear();
            name.sendKeys(near);
            assertThat(submit.isEnabled()).as(near).isFalse();
            name.sendKeys(org.openqa.selenium.Keys.ENTER);
        }
        // The page's own session, past the disabled button: the server checks the name again.
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "window.DaaiBackups.api('POST', 'restores/deleted', {file: arguments[0], collection: 'invoices', typedName: 'acme traders'})"
                + ".then(function () { done('accepted'); }, function (e) { done(e.code); });", newest);
        assertThat(status).isEqualTo("confirmation_mismatch");
        assertThat(all(invoices())).isEqualTo(before);
    }

    @Test
    void a_user_without_restore_never_sees_only_some_data_and_its_endpoints_refuse_the_pages_session() {
        accident();
        List<Document> before = all(invoices());
        open(WebFixture.OPERATOR);
        assertThat(driver.findElements(By.cssSelector("button.restore"))).isEmpty();
        assertThat(driver.findElement(By.id("restore-scope")).isDisplayed()).isFalse();
        for (String call : List.of("api('GET', 'restore-contents?file=' + encodeURIComponent(arguments[0]))",
                "api('POST', 'restore-preview/deleted', {file: arguments[0], collection: 'invoices'})",
                "api('POST', 'restores/deleted', {file: arguments[0], collection: 'invoices', typedName: 'Acme Traders'})",
                "api('POST', 'restores/collections', {file: arguments[0], collections: ['invoices'], typedName: 'Acme Traders'})")) {
            Object status = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "window.DaaiBackups." + call + ".then(function () { done('accepted'); }, function (e) { done(e.status); });", newest);
            assertThat(status).as(call).isEqualTo(403L);
        }
        assertThat(all(invoices())).isEqualTo(before);
    }

    @Test
    void a_drilled_backup_says_proven_restorable_and_the_status_says_how_the_last_drill_went() throws Exception {
        DrillResult d = f.backups.drills().drill(WebFixture.ADMIN, WebFixture.TENANT, f.seeded.get(2));
        assertThat(d.passed()).as("reason: %s", d.reason()).isTrue();
        open(WebFixture.VIEWER);
        String when = Formats.when(d.startedAt(), WebFixture.ZONE);
        WebElement mark = row(d.fileName()).findElement(By.cssSelector(".proven"));
        assertThat(mark.getText()).isEqualTo("Proven restorable on " + when);
        assertThat(mark.getCssValue("color")).isEqualTo(BrowserTest.GREEN);
        assertThat(driver.findElements(By.cssSelector("#rows .proven"))).hasSize(1);
        WebElement drill = driver.findElement(By.id("drill"));
        assertThat(drill.getText()).isEqualTo("The last restore drill passed on " + when + ": the backup " + d.fileName()
                + " was restored into a scratch database and matched what it recorded.");
        // Only the scheduled backups, so that the picture shows the status line and the drilled row together.
        new Select(driver.findElement(By.id("label-filter"))).selectByValue("24-hour");
        new WebDriverWait(driver, Chromium.WAIT).until(w -> w.findElements(By.cssSelector("#rows tr:not([data-label='24-hour'])")).isEmpty());
        shot("web-proven-restorable");
    }

    @Test
    void picking_a_collection_shows_what_it_brings_back_replaces_and_loses_and_restores_only_it() throws Exception {
        accident();
        settings().updateOne(Filters.eq("_id", "workspace"), Updates.set("name", "Renamed since"));
        List<Document> settingsBefore = all(settings());
        open(WebFixture.ADMIN);
        onlySomeData();
        driver.findElement(By.cssSelector("#partial-collections input[value=invoices]")).click();
        WebElement submit = driver.findElement(By.id("partial-submit"));
        assertThat(submit.getText()).isEqualTo("Restore 1 collection");
        driver.findElement(By.id("partial-preview")).click();
        WebElement inv = new WebDriverWait(driver, Chromium.WAIT).until(d -> {
            List<WebElement> r = d.findElements(By.cssSelector("#partial-table tr[data-collection=invoices]"));
            String summary = d.findElement(By.id("partial-summary")).getAttribute("class");
            if ("error-text".equals(summary)) {
                throw new AssertionError("the preview failed: " + d.findElement(By.id("partial-summary")).getText());
            }
            return r.isEmpty() || !r.get(0).isDisplayed() ? null : r.get(0);
        });
        assertThat(inv.findElement(By.cssSelector(".bring-back")).getText()).isEqualTo("3");
        assertThat(inv.findElement(By.cssSelector(".replace")).getText()).isEqualTo("1");
        assertThat(inv.findElement(By.cssSelector(".lose")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.id("partial-summary")).getText()).startsWith("This collection becomes exactly what it was in"
                + " this backup: 3 documents brought back, 1 replaced");
        visible("partial-name").sendKeys(WebFixture.WORKSPACE);
        shot("web-restore-collections");
        submit.click();
        WebElement done = awaitResult();
        assertThat(done.getText()).startsWith("Restored invoices from " + newest);
        assertThat(invoices().countDocuments()).isEqualTo(40);
        assertThat(invoices().find(Filters.eq("_id", "INV-9001")).first()).isNull();
        assertThat(all(settings())).as("every other collection keeps its live contents").isEqualTo(settingsBefore);
    }

    @Test
    void a_partial_safety_backup_says_what_it_holds_and_its_dialog_offers_only_some_data() throws Exception {
        accident();
        com.daaisuite.backup.core.RestoreResult r = f.backups.restores().restore(WebFixture.ADMIN,
                new com.daaisuite.backup.core.RestoreRequest(WebFixture.TENANT, newest, WebFixture.WORKSPACE)
                        .collections(com.daaisuite.backup.core.RestoreScope.collections(List.of("invoices"))));
        String safety = r.safetySnapshot().fileName();
        try {
            open(WebFixture.ADMIN);
            assertThat(row(safety).findElement(By.cssSelector(".only")).getText()).isEqualTo("Holds only: invoices");
            assertThat(row(newest).findElements(By.cssSelector(".only"))).as("a whole backup says nothing").isEmpty();

            row(safety).findElement(By.cssSelector("button.restore")).click();
            new WebDriverWait(driver, Chromium.WAIT).until(ExpectedConditions.textToBe(By.id("r-file"), safety));
            new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#partial-collections input.pick")).isEmpty());
            assertThat(driver.findElement(By.id("scope-whole")).isEnabled()).as("no whole restore of a partial backup").isFalse();
            assertThat(driver.findElement(By.id("scope-some")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("restore-submit")).isDisplayed()).isFalse();
            assertThat(visible("restore-warning").getText()).startsWith("This backup holds only some of the workspace's data");
            assertThat(driver.findElements(By.cssSelector("#partial-collections input.pick")))
                    .extracting(e -> e.getAttribute("value")).containsExactly("invoices");
            shot("web-partial-safety-backup");
        } finally {
            f.storage.delete(f.storage.list(WebFixture.TENANT).stream().map(o -> o.key())
                    .filter(k -> k.fileName().startsWith(safety)).toList());
        }
    }
}
