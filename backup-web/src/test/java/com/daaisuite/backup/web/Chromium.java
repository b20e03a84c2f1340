package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Actor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and chromedriver ({@code chromium}, {@code chromium-driver}) for the browser
 * suites: found on the PATH, headless, one driver (and driver service) per test. Screenshots go to
 * {@code target/screenshots/}.
 */
final class Chromium {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SHOTS = Paths.get("target", "screenshots");

    private final ChromeOptions options;
    private final Path chromedriver;

    private Chromium(ChromeOptions options, Path chromedriver) {
        this.options = options;
        this.chromedriver = chromedriver;
    }

    /** Also true when CI says it installed the browser: a broken install must fail, not skip. */
    static boolean installed() {
        return "true".equals(System.getenv("DAAI_BROWSER_REQUIRE"))
                || onPath("chromium", "chromium-browser").isPresent() && onPath("chromedriver").isPresent();
    }

    /**
     * @param width the window's width in CSS pixels
     * @param height its height
     * @return the browser, ready to open drivers
     * @throws IOException if the screenshot folder cannot be created
     */
    static Chromium start(int width, int height) throws IOException {
        Optional<Path> chromium = onPath("chromium", "chromium-browser");
        Optional<Path> chromedriver = onPath("chromedriver");
        // Present, unless CI said it installed them (then a missing one is a broken set-up, not a reason to skip).
        if ("true".equals(System.getenv("DAAI_BROWSER_REQUIRE"))) {
            assertThat(chromium).as("chromium on the PATH (DAAI_BROWSER_REQUIRE=true)").isPresent();
            assertThat(chromedriver).as("chromedriver on the PATH (DAAI_BROWSER_REQUIRE=true)").isPresent();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.orElseThrow().toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-GB", "--force-device-scale-factor=1");
        Files.createDirectories(SHOTS);
        // The system's driver, never one downloaded by Selenium Manager.
        return new Chromium(options, chromedriver.orElseThrow());
    }

    /** @return a new driver with a service of its own: quitting a driver stops its service */
    WebDriver newDriver() {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return driver;
    }

    /** Logs in as the host would (its session cookie) and opens the screen, without waiting for it. */
    static void logIn(WebDriver driver, WebFixture fixture, Actor actor) {
        driver.get(fixture.url() + "app.css");
        driver.manage().addCookie(new Cookie(WebFixture.COOKIE, WebFixture.sessionOf(actor), "/"));
        driver.get(fixture.url());
    }

    /** Saves what the driver shows as {@code target/screenshots/<name>.png}. */
    static void shot(WebDriver driver, String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Paths.get(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
