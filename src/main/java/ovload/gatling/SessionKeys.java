package ovload.gatling;

/** Names of the Gatling session attributes the chains share. */
final class SessionKeys {
  /** The scenario written into events: {@code retrieval}, {@code sdk:resource_drain}, {@code final_drain}. */
  static final String SCENARIO = "ovScenario";
  /** 0-based worker index within a phase; absent for single-user steps such as wait_processed. */
  static final String WORKER = "ovWorker";
  /** The worker's own seeded random source. */
  static final String RANDOM = "ovRandom";
  static final String OPERATION = "ovOperation";
  static final String QUERY = "ovQuery";
  static final String SESSION_ID = "ovSessionId";
  static final String ROLE = "ovRole";
  static final String CONTENT = "ovContent";
  static final String DOCUMENT = "ovDocument";
  static final String TASK_ID = "ovTaskId";
  static final String PENDING_TASKS = "ovPendingTasks";
  static final String DEADLINE = "ovDeadline";
  /** A drain's pause before its next poll; empty after its last. */
  static final String NEXT_POLL = "ovNextPoll";
  static final String MESSAGE = "ovMessage";
  /** The adapter a final-drain user polls for. */
  static final String ADAPTER = "ovAdapter";
  /** Open model: the request's scheduled arrival (monotonic nanoseconds). */
  static final String INTENDED_START = "ovIntendedStart";
  // sdk adapter: one request's outcome, read by the step that records it
  static final String START = "ovStart";
  static final String STATUS = "ovStatus";
  static final String BODY = "ovBody";
  static final String TEMP_FILE_ID = "ovTempFileId";
  /** The reply's X-Process-Time; for add_resource, the upload's is carried over as the one before. */
  static final String SERVER_TIME = "ovServerTime";
  static final String SERVER_TIME_BEFORE = "ovServerTimeBefore";

  private SessionKeys() {}
}
