package ovload.recording;

import com.fasterxml.jackson.core.io.NumberInput;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the envelope's {@code telemetry} object straight from the reply's characters, for {@link
 * ServerTiming}: {@code summary.duration_ms}, {@code summary.search.<stage>.duration_ms}, {@code
 * summary.search.typed_queries_count} and {@code summary.tokens} (as text) are taken, as {@link
 * ServerTiming#of} takes them from Jackson's tree; every other value is checked as JSON and skipped.
 * The sdk path reads one per request, on the load generator: this costs a fifth of Jackson's tree of
 * a real find reply (1.4 against 7.4 us, {@code TelemetryReadBenchmark}), as it starts at the key,
 * builds no tree and makes no string of a name it does not keep. Strict: anything that is not JSON,
 * a key with an escape, nesting deeper than {@value #MAX_DEPTH} or a number longer than {@value
 * #MAX_NUMBER} characters makes it give up (null), and the caller reads the reply with Jackson.
 */
final class TelemetryScan {
  private static final int MAX_DEPTH = 32;
  private static final int MAX_NUMBER = 1000;

  /** Not JSON, or not the JSON this reader takes on: the caller falls back to Jackson. */
  private static final class GiveUp extends Exception {
    GiveUp() {
      super(null, null, false, false); // thrown often on odd input: no stack trace
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  /** The reply from the telemetry's opening brace on: a char array, read without a String's per-character checks. */
  private final char[] text;
  private final int offset;
  private int at;
  /** The last key read: {@code text[keyFrom, keyTo)}. */
  private int keyFrom;
  private int keyTo;
  /** The last number read: its text {@code text[numberFrom, at)}, and its value when it is an integer of up to 18 digits. */
  private int numberFrom;
  private boolean integer;
  private long integerValue;
  private Double durationMs;
  private Map<String, Double> stages;
  private String tokens;
  private Integer queries;

  private TelemetryScan(String body, int open) {
    this.text = new char[body.length() - open];
    body.getChars(open, body.length(), text, 0);
    this.offset = open;
  }

  /**
   * The telemetry object that opens at {@code open} ({@code '{'}) in {@code body}; null when it is not
   * read here. {@link #end()} is then the index in {@code body} after its closing brace.
   */
  static TelemetryScan at(String body, int open) {
    TelemetryScan scan = new TelemetryScan(body, open);
    try {
      scan.object(0, scan::telemetryMember);
      return scan;
    } catch (GiveUp | NumberFormatException e) {
      return null;
    }
  }

  int end() {
    return offset + at;
  }

  /**
   * Whether, after the telemetry, only more members of the same object and its closing brace come,
   * and then the body ends: the telemetry is then a member of the outermost object, the envelope,
   * wherever it stands among the others (OpenViking's session replies end with {@code "profile"}).
   */
  boolean closesTheBody() {
    try {
      space();
      while (peek() == ',') {
        at++;
        space();
        key();
        space();
        expect(':');
        space();
        value(1);
        space();
      }
      expect('}');
      space();
      return at == text.length;
    } catch (GiveUp e) {
      return false;
    }
  }

  ServerTiming timing() {
    return new ServerTiming(null, durationMs, stages, tokens, queries, null);
  }

  private interface Member {
    /** Reads the value of the member whose key was just read (or, in an array, the next item). */
    void read(int depth) throws GiveUp;
  }

  private void telemetryMember(int depth) throws GiveUp {
    if (keyIs("summary") && peek() == '{') {
      object(depth, this::summaryMember);
    } else {
      value(depth);
    }
  }

  private void summaryMember(int depth) throws GiveUp {
    char c = peek();
    if (keyIs("duration_ms") && startsNumber(c)) {
      number();
      durationMs = numberValue();
    } else if (keyIs("search") && c == '{') {
      Map<String, Double> found = new LinkedHashMap<>();
      queries = null; // as in Jackson's tree: the last search object counts
      object(depth, d -> searchMember(found, d));
      stages = found.isEmpty() ? null : Collections.unmodifiableMap(found);
    } else if (keyIs("tokens") && c == '{') {
      int from = at;
      value(depth);
      tokens = compact(new String(text, from, at - from));
    } else {
      value(depth);
    }
  }

  private void searchMember(Map<String, Double> found, int depth) throws GiveUp {
    char c = peek();
    if (keyIs(ServerTiming.QUERIES) && startsNumber(c)) {
      number();
      // an int, as Jackson's NumberType.INT; any other number is no count
      if (integer && integerValue >= Integer.MIN_VALUE && integerValue <= Integer.MAX_VALUE) {
        queries = (int) integerValue;
      }
    } else if (c == '{') {
      String stage = new String(text, keyFrom, keyTo - keyFrom);
      object(depth, d -> {
        if (keyIs("duration_ms") && startsNumber(peek())) {
          number();
          found.put(stage, numberValue());
        } else {
          value(d);
        }
      });
    } else {
      value(depth);
    }
  }

  private boolean keyIs(String word) {
    if (keyTo - keyFrom != word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (text[keyFrom + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The last number's double as Jackson gives it: an integer through a long (so {@code -0} is 0.0), else parsed. */
  private double numberValue() {
    return integer ? integerValue : NumberInput.parseDouble(text, numberFrom, at - numberFrom, true);
  }

  /** An object at {@code at}: after each key, {@code member} reads its value. */
  private void object(int depth, Member member) throws GiveUp {
    items(depth, '{', '}', d -> {
      key();
      space();
      expect(':');
      space();
      member.read(d);
    });
  }

  private void array(int depth) throws GiveUp {
    items(depth, '[', ']', this::value);
  }

  /** The items of an object or array between {@code open} and {@code close}, comma-separated. */
  private void items(int depth, char open, char close, Member item) throws GiveUp {
    if (depth >= MAX_DEPTH) {
      throw GIVE_UP;
    }
    expect(open);
    space();
    if (peek() == close) {
      at++;
      return;
    }
    while (true) {
      item.read(depth + 1);
      space();
      char c = next();
      if (c == close) {
        return;
      }
      if (c != ',') {
        throw GIVE_UP;
      }
      space();
    }
  }

  /** Any JSON value, checked and skipped. */
  private void value(int depth) throws GiveUp {
    char c = peek();
    switch (c) {
      case '{' -> object(depth, this::value);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (!startsNumber(c)) {
          throw GIVE_UP;
        }
        number();
      }
    }
  }

  /**
   * A member's name: a string without escapes (one with them is left to Jackson). The loops over
   * characters keep their index in a local, which the JIT holds in a register (a field is stored
   * at every step).
   */
  private void key() throws GiveUp {
    expect('"');
    char[] t = text;
    for (int i = at; i < t.length; i++) {
      char c = t[i];
      if (c == '"') {
        keyFrom = at;
        keyTo = i;
        at = i + 1;
        return;
      }
      if (c == '\\' || c < 0x20) {
        throw GIVE_UP;
      }
    }
    throw GIVE_UP;
  }

  private void string() throws GiveUp {
    expect('"');
    char[] t = text;
    int i = at;
    while (i < t.length) {
      char c = t[i++];
      if (c == '"') {
        at = i;
        return;
      }
      if (c < 0x20) {
        throw GIVE_UP;
      }
      if (c == '\\') {
        if (i >= t.length) {
          throw GIVE_UP;
        }
        char e = t[i++];
        if (e == 'u') {
          if (i + 4 > t.length) {
            throw GIVE_UP;
          }
          for (int k = 0; k < 4; k++) {
            if (Character.digit(t[i++], 16) < 0) {
              throw GIVE_UP;
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw GIVE_UP;
        }
      }
    }
    throw GIVE_UP;
  }

  private void literal(String word) throws GiveUp {
    for (int k = 0; k < word.length(); k++) {
      if (next() != word.charAt(k)) {
        throw GIVE_UP;
      }
    }
  }

  private static boolean startsNumber(char c) {
    return c == '-' || c >= '0' && c <= '9';
  }

  /** A number by JSON's grammar; an integer of up to 18 digits also gets its value. */
  private void number() throws GiveUp {
    numberFrom = at;
    boolean negative = peek() == '-';
    if (negative) {
      at++;
    }
    char c = next();
    long value = c - '0';
    if (c >= '1' && c <= '9') {
      while (at < text.length && text[at] >= '0' && text[at] <= '9') {
        value = value * 10 + (text[at] - '0'); // wraps past 18 digits, which are then parsed as text
        at++;
      }
    } else if (c != '0') {
      throw GIVE_UP;
    }
    int digits = at - numberFrom - (negative ? 1 : 0);
    integer = true;
    if (at < text.length && text[at] == '.') {
      at++;
      requireDigits();
      integer = false;
    }
    if (at < text.length && (text[at] == 'e' || text[at] == 'E')) {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      requireDigits();
      integer = false;
    }
    if (at - numberFrom > MAX_NUMBER) {
      throw GIVE_UP;
    }
    if (integer && digits > 18) {
      integer = false; // parsed as text, as Jackson reads a big integer's double
    }
    integerValue = negative ? -value : value;
  }

  private void requireDigits() throws GiveUp {
    char c = peek();
    if (c < '0' || c > '9') {
      throw GIVE_UP;
    }
    while (at < text.length && text[at] >= '0' && text[at] <= '9') {
      at++;
    }
  }

  private void space() {
    char[] t = text;
    int i = at;
    while (i < t.length && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) {
      i++;
    }
    at = i;
  }

  private char peek() throws GiveUp {
    if (at >= text.length) {
      throw GIVE_UP;
    }
    return text[at];
  }

  private char next() throws GiveUp {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) throws GiveUp {
    if (next() != c) {
      throw GIVE_UP;
    }
  }

  /** JSON text as one line of {@code request_events.jsonl}: a line break outside a string is only whitespace. */
  private static String compact(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
  }

}
