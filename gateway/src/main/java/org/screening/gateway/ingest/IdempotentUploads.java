package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.http.HttpProblem;

/**
 * Uploads sent under a client's {@code Idempotency-Key}, remembered cluster-wide (a Hazelcast
 * map whose entries expire a configured time after their last change) so that a client whose upload broke before
 * the answer can send it again, to any node, and get the first answer instead of a second frame.
 * Keys are scoped to the tenant.
 *
 * <p>An entry is {@code pending} while a member works on the upload, {@code done} with the answer
 * once it answered 202, or {@code open} after a refusal or failure, for a retry to take up. The
 * frame ids are chosen when the entry is made and kept: a retry that takes over an open entry,
 * or a pending one whose member has left the cluster (it may have produced the frames before it
 * died), sends the same frame ids again, so the pipeline sees one frame, not two.
 */
public final class IdempotentUploads {

  static final String HEADER = "Idempotency-Key";
  /** Printable and free of the scope separator; a UUID fits. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~:-]{1,128}");

  private final AsyncMap<String, String> uploads;
  private final String memberId;
  private final Predicate<String> memberAlive;

  /** One upload this member may now send: its entry, and the frame ids to use. */
  record Claim(String entry, String record, List<String> frameIds) {}

  /** The answer a retry gets again. */
  record Answer(int status, String body, String location) {}

  /** A claim, or the answer an earlier attempt under the same key already got. */
  record Outcome(Claim claim, Answer earlier) {}

  private IdempotentUploads(AsyncMap<String, String> uploads, String memberId,
      Predicate<String> memberAlive) {
    this.uploads = uploads;
    this.memberId = memberId;
    this.memberAlive = memberAlive;
  }

  /** Entries expire as {@link HazelcastSettings#UPLOADS_MAP} is configured. */
  static Future<IdempotentUploads> create(SharedData shared, String memberId,
      Predicate<String> memberAlive) {
    return shared.<String, String>getAsyncMap(HazelcastSettings.UPLOADS_MAP)
        .map(map -> new IdempotentUploads(map, memberId, memberAlive));
  }

  /** The request's key; null when it sent none; a 400 problem when it is malformed. */
  static String key(HttpServerRequest request) {
    String key = request.getHeader(HEADER);
    if (key == null) {
      return null;
    }
    if (!KEY.matcher(key).matches()) {
      throw HttpProblem.badRequest(HEADER + " must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : -");
    }
    return key;
  }

  /**
   * What makes two uploads the same: feed, options and image bytes. A key sent again with a
   * different upload is a client's mistake, not a retry.
   */
  static String fingerprint(String feed, SubmissionOptions options, List<byte[]> images) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((feed + "\n" + options + "\n").getBytes(StandardCharsets.UTF_8));
      for (byte[] image : images) {
        digest.update(image);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** New frame ids, for an upload under no key or the first under one. */
  static List<String> newFrameIds(int count) {
    return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID().toString()).toList();
  }

  /**
   * Claims the upload under {@code key}: fails with a 409 problem while another member works on
   * it, and with a 422 problem when the key was used for a different upload ({@code
   * fingerprint} differs).
   */
  Future<Outcome> claim(String tenant, String key, String fingerprint, int frames) {
    String entry = tenant + "/" + key;
    List<String> ids = newFrameIds(frames);
    String mine = pending(new JsonObject().put("fingerprint", fingerprint)
        .put("frame_ids", new JsonArray(ids)));
    return uploads.putIfAbsent(entry, mine).compose(earlier -> {
      if (earlier == null) {
        return Future.succeededFuture(new Outcome(new Claim(entry, mine, ids), null));
      }
      JsonObject record = new JsonObject(earlier);
      if (!fingerprint.equals(record.getString("fingerprint"))) {
        return Future.failedFuture(HttpProblem.of(422, "idempotency-key-reused",
            "Idempotency-Key already used", "This " + HEADER
                + " was used for a different upload; choose a new key for a new upload"));
      }
      String state = record.getString("state");
      if ("done".equals(state)) {
        return Future.succeededFuture(new Outcome(null, new Answer(record.getInteger("status"),
            record.getString("body"), record.getString("location"))));
      }
      if ("pending".equals(state) && memberAlive.test(record.getString("member"))) {
        return Future.failedFuture(inProgress());
      }
      String takeover = pending(record);
      List<String> kept = record.getJsonArray("frame_ids").stream().map(String.class::cast).toList();
      return uploads.replaceIfPresent(entry, earlier, takeover)
          .compose(won -> won
              ? Future.succeededFuture(new Outcome(new Claim(entry, takeover, kept), null))
              : Future.failedFuture(inProgress()));
    });
  }

  /** Keeps {@code answer} for retries. */
  Future<Void> answered(Claim claim, Answer answer) {
    JsonObject record = new JsonObject(claim.record()).put("state", "done")
        .put("status", answer.status()).put("body", answer.body()).put("location", answer.location());
    record.remove("member");
    return settle(claim, record);
  }

  /** The upload was refused or failed: a retry under the same key may try again. */
  Future<Void> failed(Claim claim) {
    JsonObject record = new JsonObject(claim.record()).put("state", "open");
    record.remove("member");
    return settle(claim, record);
  }

  private Future<Void> settle(Claim claim, JsonObject record) {
    return uploads.replaceIfPresent(claim.entry(), claim.record(), record.encode())
        .mapEmpty();
  }

  private String pending(JsonObject record) {
    return record.copy().put("state", "pending").put("member", memberId).encode();
  }

  private static HttpProblem inProgress() {
    return HttpProblem.of(409, "upload-in-progress", "Upload in progress",
        "An upload with this " + HEADER + " is being processed; retry shortly for its answer")
        .retryAfter(1);
  }
}
