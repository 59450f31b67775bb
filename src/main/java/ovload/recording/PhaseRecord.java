package ovload.recording;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One phase (Gatling scenario) as an entry of {@code phases.json}. */
public record PhaseRecord(
    @JsonProperty("adapter") String adapter,
    @JsonProperty("scenario") String scenario,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("ended_at") String endedAt,
    @JsonProperty("duration_seconds") double durationSeconds) {}
