package org.screening.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/** Debian's headless Chromium, driven through its chromedriver (Selenium). */
public final class ChromiumBrowser extends Browser {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private ChromiumBrowser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why Chromium cannot run here, or null when it can. */
  public static String missing() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) ? null
        : "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
  }

  public static ChromiumBrowser start() {
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1280,1024");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", "(" + RECORD_POLICY_VIOLATIONS + ")();"));
    return new ChromiumBrowser(driver);
  }

  @Override
  public void open(String url) {
    driver.get(url);
  }

  @Override
  public void reload() {
    driver.navigate().refresh();
  }

  @Override
  public Object script(String body, Object... args) {
    return driver.executeScript(body, args);
  }

  @Override
  public void click(String selector) {
    driver.findElement(By.cssSelector(selector)).click();
  }

  @Override
  public void type(String selector, String text) {
    driver.findElement(By.cssSelector(selector)).sendKeys(text);
  }

  @Override
  public List<String> cookieNames() {
    return driver.manage().getCookies().stream().map(Cookie::getName).toList();
  }

  @Override
  public void delayRequests(Duration latency) {
    if (latency == null) {
      driver.deleteNetworkConditions();
      return;
    }
    ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
    slow.setLatency(latency);
    driver.setNetworkConditions(slow);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
