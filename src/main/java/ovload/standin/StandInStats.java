package ovload.standin;

/** What the stand-in holds right now: messages by state and tasks by outcome. */
public record StandInStats(
    long pendingMessages, long archivedMessages, long completedTasks, long failedTasks, long unfinishedTasks) {}
