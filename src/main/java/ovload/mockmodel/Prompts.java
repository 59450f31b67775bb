package ovload.mockmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovload.support.Json;

/**
 * The prompts OpenViking 0.5.2 sends its chat model, recognised by their fixed wording, and the
 * answer each expects, so that every server path the load runs is the one a real model drives
 * (not a parse-failure fallback):
 *
 * <ul>
 *   <li>intent analysis ({@code retrieval.intent_analysis}, "context query planner"): a query plan,
 *       {@code {"queries": [{"query", "context_type", "priority"}]}}, built from the current message;
 *   <li>memory extraction (the restricted Python memory SDK protocol): the empty program,
 *       {@code sdk.commit()}, "no memory changes";
 *   <li>a directory overview ({@code semantic.overview_generation}): Markdown, a title then a
 *       paragraph the server takes as the abstract;
 *   <li>a file summary ({@code semantic.document_summary}, {@code file_summary}, {@code code_summary}): plain text;
 *   <li>anything else: the configured reply ({@code --reply}).
 * </ul>
 */
final class Prompts {
  private static final Pattern CURRENT_MESSAGE =
      Pattern.compile("### Current Message\\s*\\n(.*?)(?:\\n\\s*\\n(?:## |External information)|\\z)", Pattern.DOTALL);
  private static final Pattern RESTRICTED_TYPE = Pattern.compile("\\*\\*Restricted Context Type\\*\\*: *(skill|resource|memory)");
  private static final Pattern DIRECTORY = Pattern.compile("\\[Directory Name\\]\\s*\\n\\s*(\\S[^\\n]*)");
  private static final Pattern FILE_NAME = Pattern.compile("【File Name】\\s*\\n\\s*(\\S[^\\n]*)");
  private static final int MAX_QUERY_CHARS = 200;

  /** What a chat request asks for; {@code key} names its count in {@code /mock/stats}. */
  enum Kind {
    INTENT_ANALYSIS("intent_analysis"), MEMORY_EXTRACTION("memory_extraction"), OVERVIEW("overview"),
    SUMMARY("summary"), OTHER("other");

    final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  private Prompts() {}

  static Kind kind(String prompt) {
    if (prompt.contains("context query planner")) {
      return Kind.INTENT_ANALYSIS;
    }
    if (prompt.contains("restricted Python memory SDK")) {
      return Kind.MEMORY_EXTRACTION;
    }
    if (prompt.contains("Generate an overview document based on the following directory content")) {
      return Kind.OVERVIEW;
    }
    if (prompt.contains("【File Name】")) {
      return Kind.SUMMARY;
    }
    return Kind.OTHER;
  }

  /** The answer in the format the server parses for this kind; {@code configured} for the rest. */
  static String reply(Kind kind, String prompt, String configured) {
    return switch (kind) {
      case INTENT_ANALYSIS -> queryPlan(prompt);
      case MEMORY_EXTRACTION -> "sdk.commit()";
      case OVERVIEW -> {
        String directory = first(DIRECTORY, prompt, "directory");
        yield "# " + directory + "\n\nMock overview of " + directory
            + ": the documents of this directory, summarised by the mock model provider.\n";
      }
      case SUMMARY -> "Mock summary of " + first(FILE_NAME, prompt, "the file")
          + ": a document of the OpenViking load test, summarised by the mock model provider.";
      case OTHER -> configured;
    };
  }

  /**
   * One query per context type the prompt allows (its restricted type, else resource then memory),
   * each the current message; no query when there is no current message, as the prompt asks.
   */
  static String queryPlan(String prompt) {
    String current = first(CURRENT_MESSAGE, prompt, "").strip();
    List<Query> queries = new ArrayList<>();
    if (!current.isEmpty() && !current.equals("None")) {
      String query = current.length() > MAX_QUERY_CHARS ? current.substring(0, MAX_QUERY_CHARS) : current;
      Matcher restricted = RESTRICTED_TYPE.matcher(prompt);
      List<String> types = restricted.find() ? List.of(restricted.group(1)) : List.of("resource", "memory");
      for (int i = 0; i < types.size(); i++) {
        queries.add(new Query(query, types.get(i), i + 1));
      }
    }
    try {
      return Json.MAPPER.writeValueAsString(new QueryPlan(queries));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The plan OpenViking's intent analysis parses. */
  record QueryPlan(List<Query> queries) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Query(String query, String contextType, int priority) {}

  private static String first(Pattern pattern, String text, String otherwise) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1).strip() : otherwise;
  }
}
