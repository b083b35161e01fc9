package dev.caravan.platform.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console end to end in headless Chromium: token sign-in, filter requests, open a receipt,
 * create a key, read a budget, an API error shown on the page, and OIDC sign-in through
 * mock-oauth2-server's login page. Screenshots go to target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Path SHOTS = Path.of("target/console-screenshots");

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static MockOAuth2Server idp;
    static TestGateway gateway;
    static WebDriver browser;
    static WebDriverWait wait;
    static String traceId;

    @BeforeAll
    static void start() throws IOException {
        ChromiumInstall.ensure();
        // Interactive login: the login page asks for a user name and the claims, as a real IdP asks for credentials.
        idp = new MockOAuth2Server(no.nav.security.mock.oauth2.OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        idp.start();
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startWithModelsAndAdmin(mock, tmp, """
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                """, """
                budgets:
                  - { name: dev-daily, scope: { key: limited }, limit_usd: "5", period: daily }
                console:
                  oidc:
                    issuer: "%s"
                    client_id: caravan-console
                    client_secret: console-secret
                    role_claim: groups
                    roles: { caravan-admins: admin, finance: finance }
                """.formatted(idp.issuerUrl("default")));
        var chat = gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(TestGateway.KEY));
        assertEquals(200, chat.statusCode(), chat.body());
        traceId = chat.headers().firstValue("x-caravan-trace-id").orElseThrow();
        dev.caravan.platform.it.Poll.until(() -> gateway.get("/admin/v1/receipts", "authorization",
                TestGateway.bearer(TestGateway.ADMIN_TOKEN)).body(), body -> body.contains(traceId), Duration.ofSeconds(10),
                () -> "receipt never listed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumInstall.CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(ChromiumInstall.DRIVER).toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (gateway != null) gateway.close();
        if (mock != null) mock.close();
        if (idp != null) idp.shutdown();
    }

    static String url(String path) {
        return gateway.baseUrl().resolve(path).toString();
    }

    static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(1)
    void should_show_the_api_error_when_the_token_is_wrong() throws IOException {
        var page = gateway.get("/console");
        assertEquals(200, page.statusCode(), page.body());
        var session = gateway.get("/console/session");
        assertEquals(401, session.statusCode(), session.body());
        browser.get(url("/console"));
        visible(By.id("f-token")).sendKeys("not-the-admin-token-at-all");
        browser.findElement(By.id("signin-submit")).click();
        assertEquals("Incorrect admin token provided.", visible(By.id("error")).getText());
        shot("signin-error");
    }

    @Test
    @Order(2)
    void should_sign_in_with_the_token_filter_requests_and_open_a_receipt() throws IOException {
        browser.get(url("/console"));
        WebElement token = visible(By.id("f-token"));
        token.clear();
        token.sendKeys(TestGateway.ADMIN_TOKEN);
        browser.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as admin-token (admin)"));
        String cookie = browser.manage().getCookieNamed("caravan_console").toString();
        assertTrue(cookie.contains("httpOnly=true") || browser.manage().getCookieNamed("caravan_console").isHttpOnly(), cookie);
        assertEquals("Strict", browser.manage().getCookieNamed("caravan_console").getSameSite());

        visible(By.id("f-alias")).sendKeys("nowhere");
        browser.findElement(By.id("filter-submit")).click();
        visible(By.id("no-rows"));
        WebElement alias = visible(By.id("f-alias"));
        alias.clear();
        alias.sendKeys("fast");
        browser.findElement(By.id("filter-submit")).click();
        WebElement link = visible(By.linkText(traceId));
        shot("requests");
        link.click();
        assertEquals("Receipt " + traceId, visible(By.id("receipt-title")).getText());
        assertTrue(visible(By.id("receipt-cost")).getText().contains("cost_usd"), browser.findElement(By.id("receipt-cost")).getText());
        shot("receipt");
    }

    @Test
    @Order(3)
    void should_create_a_key_that_then_answers_and_read_a_budget() throws IOException {
        browser.get(url("/console#keys"));
        visible(By.id("f-name")).sendKeys("console-made");
        browser.findElement(By.id("f-tenant")).sendKeys("acme");
        browser.findElement(By.id("key-create-submit")).click();
        String key = visible(By.id("new-key")).getText();
        shot("key-created");
        var chat = gateway.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", TestGateway.bearer(key));
        assertEquals(200, chat.statusCode(), chat.body());
        browser.findElement(By.id("key-create-submit")).click(); // same name again: the API's 409 message
        assertEquals("A key named 'console-made' already exists.", visible(By.id("error")).getText());

        browser.get(url("/console#budgets"));
        visible(By.linkText("dev-daily")).click();
        assertEquals("Budget dev-daily", visible(By.id("budget-title")).getText());
        assertTrue(browser.findElement(By.id("budget-detail")).getText().contains("\"limit_usd\""),
                browser.findElement(By.id("budget-detail")).getText());
        shot("budget");
        browser.get(url("/console#spend"));
        visible(By.cssSelector("#spend-chart .uplot"));
        shot("spend");
    }

    @Test
    @Order(4)
    void should_sign_in_with_oidc_through_the_identity_providers_login_page() throws IOException {
        browser.findElement(By.id("signout")).click();
        visible(By.id("oidc-signin")).click();
        wait.until(d -> !d.findElements(By.name("username")).isEmpty() || !d.findElements(By.cssSelector("#error:not([hidden])")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#error:not([hidden])")).isEmpty(), browser.getPageSource());
        visible(By.name("username")).sendKeys("alice@example.com");
        browser.findElement(By.name("claims")).sendKeys("{\"preferred_username\":\"alice\",\"groups\":[\"staff\",\"caravan-admins\"]}");
        shot("oidc-login");
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as alice (admin)"));
        browser.get(url("/console#audit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "key.create"));
        shot("audit-oidc");
    }

    @Test
    @Order(5)
    void should_refuse_an_oidc_user_whose_groups_map_to_no_role() {
        browser.findElement(By.id("signout")).click();
        visible(By.id("oidc-signin")).click();
        visible(By.name("username")).sendKeys("mallory");
        browser.findElement(By.name("claims")).sendKeys("{\"groups\":[\"staff\"]}");
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        assertEquals("'mallory' has no Caravan role: no value of the 'groups' claim is mapped in console.oidc.roles.",
                visible(By.id("error")).getText());
    }

    /** Finds Debian's chromium and chromedriver, installing them when root; fails when they cannot run. */
    static final class ChromiumInstall {
        static final String CHROMIUM = "/usr/bin/chromium";
        static final String DRIVER = "/usr/bin/chromedriver";

        static void ensure() {
            if (Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER))) {
                return;
            }
            if ("root".equals(System.getProperty("user.name"))) {
                try {
                    Process p = new ProcessBuilder(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"))
                            .inheritIO().start();
                    p.waitFor();
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError("cannot install chromium: " + e);
                }
            }
            if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
                throw new AssertionError("The console browser test needs " + CHROMIUM + " and " + DRIVER
                        + " (apt-get install -y chromium chromium-driver)" + Map.of().toString().replace("{}", ""));
            }
        }
    }
}
