package org.screening.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Firefox tab in its own user context, driven over WebDriver BiDi ({@link Firefox}). */
public final class FirefoxBrowser extends Browser {

  private final Firefox firefox;
  private final String userContext;
  private final String context;

  FirefoxBrowser(Firefox firefox, String userContext, String context) {
    this.firefox = firefox;
    this.userContext = userContext;
    this.context = context;
  }

  @Override
  public void open(String url) {
    firefox.command("browsingContext.navigate",
        new JsonObject().put("context", context).put("url", url).put("wait", "complete"));
  }

  @Override
  public void reload() {
    firefox.command("browsingContext.reload",
        new JsonObject().put("context", context).put("wait", "complete"));
  }

  @Override
  public Object script(String body, Object... args) {
    JsonArray arguments = new JsonArray();
    for (Object arg : args) {
      arguments.add(localValue(arg));
    }
    return javaValue(call("function() {\n" + body + "\n}", arguments));
  }

  @Override
  public void click(String selector) {
    JsonObject element = element(selector);
    JsonObject origin = new JsonObject().put("type", "element").put("element", element);
    perform(new JsonObject().put("type", "pointer").put("id", "mouse")
        .put("parameters", new JsonObject().put("pointerType", "mouse"))
        .put("actions", new JsonArray()
            .add(new JsonObject().put("type", "pointerMove").put("x", 0).put("y", 0)
                .put("origin", origin))
            .add(new JsonObject().put("type", "pointerDown").put("button", 0))
            .add(new JsonObject().put("type", "pointerUp").put("button", 0))));
  }

  @Override
  public void type(String selector, String text) {
    click(selector);
    JsonArray keys = new JsonArray();
    text.codePoints().mapToObj(Character::toString).forEach(key -> keys
        .add(new JsonObject().put("type", "keyDown").put("value", key))
        .add(new JsonObject().put("type", "keyUp").put("value", key)));
    perform(new JsonObject().put("type", "key").put("id", "keyboard").put("actions", keys));
  }

  @Override
  public List<String> cookieNames() {
    JsonArray cookies = firefox.command("storage.getCookies", new JsonObject().put("partition",
        new JsonObject().put("type", "context").put("context", context))).getJsonArray("cookies");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cookies.size(); i++) {
      names.add(cookies.getJsonObject(i).getString("name"));
    }
    return names;
  }

  @Override
  public void delayRequests(Duration latency) {
    firefox.delayRequests(latency);
  }

  /** Closes the tab and forgets its user context, cookies and all. */
  @Override
  public void close() {
    firefox.command("browser.removeUserContext", new JsonObject().put("userContext", userContext));
  }

  /** The element {@code selector} finds, scrolled into view, as a BiDi shared reference. */
  private JsonObject element(String selector) {
    JsonObject node = call("""
        function(selector) {
          const e = document.querySelector(selector);
          if (!e) throw new Error('no element matches ' + selector);
          e.scrollIntoView({block: 'center'});
          return e;
        }""", new JsonArray().add(localValue(selector)));
    return new JsonObject().put("sharedId", node.getString("sharedId"));
  }

  private void perform(JsonObject source) {
    firefox.command("input.performActions", new JsonObject().put("context", context)
        .put("actions", new JsonArray().add(source)));
  }

  /** Calls {@code function} in the page; its result as a BiDi remote value. */
  private JsonObject call(String function, JsonArray arguments) {
    JsonObject outcome = firefox.command("script.callFunction", new JsonObject()
        .put("functionDeclaration", function)
        .put("arguments", arguments)
        .put("awaitPromise", false)
        .put("target", new JsonObject().put("context", context)));
    if ("exception".equals(outcome.getString("type"))) {
      throw new IllegalStateException("script failed: "
          + outcome.getJsonObject("exceptionDetails").getString("text"));
    }
    return outcome.getJsonObject("result");
  }

  private static JsonObject localValue(Object value) {
    if (value instanceof String s) {
      return new JsonObject().put("type", "string").put("value", s);
    }
    if (value instanceof Number n) {
      return new JsonObject().put("type", "number").put("value", n);
    }
    if (value instanceof Boolean b) {
      return new JsonObject().put("type", "boolean").put("value", b);
    }
    throw new IllegalArgumentException("no BiDi value for " + value.getClass().getSimpleName());
  }

  /** A BiDi remote value as Selenium would return it to Java. */
  private static Object javaValue(JsonObject remote) {
    return switch (remote.getString("type")) {
      case "undefined", "null" -> null;
      case "string", "boolean" -> remote.getValue("value");
      case "number" -> {
        Object n = remote.getValue("value");
        if (n instanceof String special) {
          throw new IllegalStateException("script returned " + special);
        }
        double d = ((Number) n).doubleValue();
        yield d == Math.rint(d) ? (Object) (long) d : (Object) d;
      }
      case "array" -> {
        List<Object> list = new ArrayList<>();
        remote.getJsonArray("value").forEach(v -> list.add(javaValue((JsonObject) v)));
        yield list;
      }
      case "object" -> {
        Map<String, Object> map = new LinkedHashMap<>();
        remote.getJsonArray("value").forEach(entry -> {
          JsonArray pair = (JsonArray) entry;
          map.put(pair.getValue(0) instanceof String key ? key
              : String.valueOf(javaValue(pair.getJsonObject(0))), javaValue(pair.getJsonObject(1)));
        });
        yield map;
      }
      default -> throw new IllegalStateException("no Java value for a " + remote.getString("type"));
    };
  }
}
