package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "What changed since this backup?" and "Compare with…" in a real browser (headless Chromium, as
 * {@link BrowserTest}): a viewer sees both on every row; after invoices are deleted and added, the
 * first shows the per-collection summary with examples before anyone reaches for Restore; the second
 * compares two rows. Screenshots go to {@code target/screenshots/}.
 */
@EnabledIf(value = "com.daaisuite.backup.web.Chromium#installed",
        disabledReason = "No Chromium found: need 'chromium' and 'chromedriver' on the PATH, so the browser suite is skipped.")
class CompareBrowserTest {
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
        driver.quit();
    }

    private void open() {
        Chromium.logIn(driver, f, WebFixture.VIEWER);
        new WebDriverWait(driver, Chromium.WAIT).until(d -> !d.findElements(By.cssSelector("#rows tr .compare-cell")).isEmpty());
    }

    private WebElement row(String file) {
        return driver.findElement(By.cssSelector("#rows tr[data-file='" + file + "']"));
    }

    private void shot(String name) throws Exception {
        Chromium.shot(driver, name);
    }

    private WebElement resultRow(String collection) {
        return new WebDriverWait(driver, Chromium.WAIT).until(d -> {
            var rows = d.findElements(By.cssSelector("#compare-table tr[data-collection='" + collection + "']"));
            return rows.isEmpty() || !rows.get(0).isDisplayed() ? null : rows.get(0);
        });
    }

    @Test
    void what_changed_since_a_backup_shows_deleted_and_added_invoices_with_examples() throws Exception {
        String newest = f.seeded.get(f.seeded.size() - 1);
        var invoices = f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices");
        invoices.deleteOne(Filters.eq("_id", "INV-0003"));
        invoices.insertOne(new Document("_id", "INV-9001").append("amount", 1));
        try {
            open();
            WebElement button = row(newest).findElement(By.cssSelector("button.what-changed"));
            assertThat(button.getText()).isEqualTo("What changed since this backup?");
            assertThat(driver.findElements(By.cssSelector("button.restore"))).as("a viewer compares, never restores").isEmpty();
            button.click();
            WebElement inv = resultRow("invoices");
            assertThat(inv.findElement(By.cssSelector(".status")).getText()).isEqualTo("changed");
            assertThat(inv.findElement(By.cssSelector(".only-a")).getText()).isEqualTo("1");
            assertThat(inv.findElement(By.cssSelector(".only-b")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("compare-summary")).getText()).isEqualTo("1 deleted, 1 added, 0 changed since this backup.");
            assertThat(driver.findElement(By.cssSelector("#compare-table tr.examples")).getText())
                    .contains("deleted since: \"INV-0003\"", "added since: \"INV-9001\"");
            assertThat(resultRow("settings").findElement(By.cssSelector(".status")).getText()).isEqualTo("unchanged");
            shot("what-changed");
            driver.findElement(By.id("compare-close")).click();
            assertThat(driver.findElement(By.id("compare-dialog")).isDisplayed()).isFalse();
        } finally {
            invoices.deleteOne(Filters.eq("_id", "INV-9001"));
            invoices.insertOne(new Document("_id", "INV-0003").append("amount", 3 * 125).append("status", "overdue"));
        }
    }

    @Test
    void compare_with_another_row_says_two_backups_of_the_same_data_are_the_same() throws Exception {
        open();
        String newest = f.seeded.get(f.seeded.size() - 1);
        row(newest).findElement(By.cssSelector("button.compare-with")).click();
        Select other = new Select(new WebDriverWait(driver, Chromium.WAIT)
                .until(d -> d.findElement(By.id("compare-other")).isDisplayed() ? d.findElement(By.id("compare-other")) : null));
        assertThat(other.getOptions()).hasSize(f.seeded.size() - 1);
        other.selectByValue(f.seeded.get(2));
        driver.findElement(By.id("compare-go")).click();
        assertThat(resultRow("invoices").findElement(By.cssSelector(".status")).getText()).isEqualTo("same");
        assertThat(driver.findElement(By.id("compare-summary")).getText()).isEqualTo("The two backups hold the same data.");
        shot("compare-with");
    }
}
