package org.screening.gateway.support;

import java.time.Duration;
import java.util.List;

/**
 * A real browser driving the viewer page, whichever engine: the viewer's tests are written once
 * against this and run in each browser installed ({@link ChromiumBrowser}, {@link FirefoxBrowser}).
 * Element lookups go through the page's own DOM, so both engines answer them the same way.
 */
public abstract class Browser implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Runs before the page's own scripts on every document: a Content-Security-Policy violation
   * fires a {@code securitypolicyviolation} event in every engine, whatever each logs.
   */
  static final String RECORD_POLICY_VIOLATIONS = """
      () => { window.__policyViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__policyViolations
            .push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')), true); }""";

  /** Loads {@code url} and waits until the document has loaded. */
  public abstract void open(String url);

  public abstract void reload();

  /**
   * Runs {@code body} as a function's body in the page, its parameters in {@code arguments};
   * returns what it returns as Java values (integers as Long, other numbers as Double, arrays
   * as lists, objects as maps).
   */
  public abstract Object script(String body, Object... args);

  /** Clicks the element {@code selector} finds, as a user's mouse would. */
  public abstract void click(String selector);

  /** Types {@code text} into the element {@code selector} finds, key by key. */
  public abstract void type(String selector, String text);

  /** The names of the cookies the browser holds. */
  public abstract List<String> cookieNames();

  /** From now on every request waits {@code latency} before it goes out ({@code null}: none). */
  public abstract void delayRequests(Duration latency);

  @Override
  public abstract void close();

  /** True when element {@code id} exists and takes up room on the page. */
  public boolean displayed(String id) {
    return Boolean.TRUE.equals(script("""
        const e = document.getElementById(arguments[0]);
        return !!e && e.getClientRects().length > 0
            && getComputedStyle(e).visibility !== 'hidden';""", id));
  }

  /** Element {@code id}'s rendered text. */
  public String text(String id) {
    return (String) script("return document.getElementById(arguments[0]).innerText;", id);
  }

  /** Element {@code id}'s attribute {@code name}, null when it has none. */
  public String attribute(String id, String name) {
    return (String) script(
        "return document.getElementById(arguments[0]).getAttribute(arguments[1]);", id, name);
  }

  /** The Content-Security-Policy violations the current document caused. */
  @SuppressWarnings("unchecked")
  public List<String> policyViolations() {
    return (List<String>) script("return window.__policyViolations;");
  }

  /** Waits until {@code condition} holds, failing after {@link #WAIT}. */
  public void await(String what, Eventually.Condition condition) throws Exception {
    Eventually.assertThat(what, WAIT, condition);
  }
}
