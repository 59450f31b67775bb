package ovload.ovcli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import ovload.client.OpenVikingClient;

/**
 * One command's grammar: its option spellings (each mapped to a canonical name) and how its parsed
 * arguments become a client call.
 */
record CommandSpec(
    String name,
    String synopsis,
    Map<String, String> valueOptions,
    Map<String, String> flags,
    Function<CommandArgs, Function<OpenVikingClient, JsonNode>> binder) {}
