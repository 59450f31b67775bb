package ovload.standin.api;

/**
 * How long the stand-in's model work and retrieval take, resolved from its settings (a model mode
 * and any explicit delays).
 *
 * @param embedMsPerChunk one embedding: a resource chunk, a query, a parent summary's refresh
 * @param extractMsPerCommit one session commit's memory extraction
 * @param intentMs one search's intent analysis, when its session has messages
 * @param retrievalDelayMs extra time every find, search, grep and glob takes: a deliberately slow server
 */
public record ModelTiming(long embedMsPerChunk, long extractMsPerCommit, long intentMs, long retrievalDelayMs) {}
