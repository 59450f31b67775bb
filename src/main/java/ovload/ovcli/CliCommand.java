package ovload.ovcli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import ovload.client.OpenVikingClient;

/** A parsed command, bound to its arguments: one client call. */
record CliCommand(String name, Function<OpenVikingClient, JsonNode> call) {}
