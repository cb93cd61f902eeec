package org.screening.gateway.ingest;

import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.screening.gateway.http.HttpProblem;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * How the frames of one submission are to be screened, from query parameters or, when a query
 * parameter is absent, {@code X-Screening-*} headers: {@code tasks=classify,segment} (default
 * both), {@code modality}, {@code qos=live|batch} (default batch: never dropped), {@code model}
 * ({@code name:version}), {@code deadline} and {@code captureTime} (epoch milliseconds or an
 * ISO-8601 instant), {@code explain=true|false} (default false: a classifier's Grad-CAM heat map
 * in the result, which costs the worker a backward pass), and for raw pixels {@code width},
 * {@code height}, {@code channels}.
 */
public record SubmissionOptions(
    List<Task> tasks,
    Modality modality,
    QosClass qos,
    String model,
    Instant deadline,
    Instant captureTime,
    RawShape rawShape,
    boolean explain) {

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._-]{1,64}:[A-Za-z0-9._-]{1,32}");

  /** Shape of raw u8 pixels; null fields when the client sent none. */
  public record RawShape(Integer width, Integer height, Integer channels) {
    boolean given() {
      return width != null || height != null || channels != null;
    }
  }

  public static SubmissionOptions from(HttpServerRequest request) {
    return new SubmissionOptions(
        tasks(param(request, "tasks", "X-Screening-Tasks")),
        modality(param(request, "modality", "X-Screening-Modality")),
        qos(param(request, "qos", "X-Screening-Qos")),
        model(param(request, "model", "X-Screening-Model")),
        instant("deadline", param(request, "deadline", "X-Screening-Deadline")),
        instant("captureTime", param(request, "captureTime", "X-Screening-Capture-Time")),
        new RawShape(
            integer("width", param(request, "width", "X-Screening-Width")),
            integer("height", param(request, "height", "X-Screening-Height")),
            integer("channels", param(request, "channels", "X-Screening-Channels"))),
        bool("explain", param(request, "explain", "X-Screening-Explain")));
  }

  public Set<Task> taskSet() {
    return EnumSet.copyOf(tasks);
  }

  private static String param(HttpServerRequest request, String name, String header) {
    String value = request.getParam(name);
    if (value == null) {
      value = request.getHeader(header);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static List<Task> tasks(String text) {
    if (text == null) {
      return List.of(Task.CLASSIFY, Task.SEGMENT);
    }
    Set<Task> tasks = EnumSet.noneOf(Task.class);
    for (String name : text.split(",")) {
      tasks.add(parse(Task.class, "tasks", name, "classify, segment"));
    }
    if (tasks.isEmpty()) {
      throw HttpProblem.badRequest("tasks must name at least one of classify, segment");
    }
    return new ArrayList<>(tasks);
  }

  private static Modality modality(String text) {
    return text == null ? Modality.OTHER : parse(Modality.class, "modality", text,
        "pathology_tile, endoscopy_frame, microscopy_field, radiology_slice, other");
  }

  private static QosClass qos(String text) {
    return text == null ? QosClass.BATCH : parse(QosClass.class, "qos", text, "live, batch");
  }

  private static String model(String text) {
    if (text != null && !MODEL.matcher(text).matches()) {
      throw HttpProblem.badRequest("model must be name:version, e.g. medic-cls:1");
    }
    return text;
  }

  private static Instant instant(String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochMilli(Long.parseLong(text))
          : Instant.parse(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw HttpProblem.badRequest(name + " must be epoch milliseconds or an ISO-8601 instant");
    }
  }

  private static boolean bool(String name, String text) {
    if (text == null) {
      return false;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw HttpProblem.badRequest(name + " must be true or false");
    };
  }

  private static Integer integer(String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(name + " must be an integer");
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name, String text, String allowed) {
    try {
      return Enum.valueOf(type, text.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(name + " must be one of " + allowed);
    }
  }
}
