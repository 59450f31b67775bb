package ovload.serverside.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made profiles: src/test/resources/serverside/{retrieval,mixed}.collapsed; every figure below is counted by hand from them. */
class DifferentialProfileTest {
  private static ProfileSummary read(String name) throws Exception {
    return ProfileSummary.of(CollapsedStacks.read(Path.of("src/test/resources/serverside/" + name + ".collapsed")));
  }

  @Test
  void busySharesPerThreadKind() throws Exception {
    ProfileSummary retrieval = read("retrieval");
    // loop: 40 busy of 100 (60 in select); queue worker: 0 of 100 (Condition.wait); executor: 10 of 100 (90 in the C queue.get, shown as _worker)
    assertEquals(0.40, retrieval.busyShareByKind().get(ThreadKind.EVENT_LOOP), 1e-12);
    assertEquals(0.0, retrieval.busyShareByKind().get(ThreadKind.QUEUE_WORKERS), 1e-12);
    assertEquals(0.10, retrieval.busyShareByKind().get(ThreadKind.EXECUTOR), 1e-12);
    assertEquals(300, retrieval.samples());
    assertEquals(50, retrieval.busySamples());
    // inclusive shares of busy samples, lines merged: search 40 of 50, embed 10 of 50
    assertEquals(0.8, retrieval.functionShare().get("search (retrieval.py)"), 1e-12);
    assertEquals(0.2, retrieval.functionShare().get("embed (embedder.py)"), 1e-12);
  }

  @Test
  void theFunctionsThatGrewMostFromRetrievalToMixed() throws Exception {
    DifferentialProfile diff = DifferentialProfile.of(read("retrieval"), read("mixed"));
    // mixed: 140 busy samples; extraction 60, compile 50; handle shrank 0.8 -> 80/140, search 0.8 -> 30/140;
    // run (every MainThread stack) and the worker loop (every Thread-3 stack) are their threads' plumbing
    List<DifferentialProfile.FunctionChange> top = diff.topGrowth();
    assertEquals(2, top.size());
    assertEquals("_extract_user_memories (openviking/session/compressor_v3.py)", top.get(0).function());
    assertEquals(0.0, top.get(0).before(), 1e-12);
    assertEquals(60 / 140.0, top.get(0).after(), 1e-12);
    assertEquals("compile (jinja2/environment.py)", top.get(1).function());
    assertEquals(50 / 140.0, top.get(1).growth(), 1e-12);
    assertTrue(top.stream().noneMatch(c -> c.function().startsWith("run ") || c.function().startsWith("_queue_worker_loop")));
    assertEquals("compressor_v3._extract_user_memories", ProfileSummary.display(top.get(0).function()));
    DifferentialProfile.KindChange loop = diff.byKind().get(ThreadKind.EVENT_LOOP);
    assertEquals(0.40, loop.before(), 1e-12);
    assertEquals(0.80, loop.after(), 1e-12);
    // the queue workers grew most: 0 -> 0.6
    assertEquals(ThreadKind.QUEUE_WORKERS, diff.mostGrown().kind());
  }

  @Test
  void noGrowthWhenTheSameProfileIsComparedWithItself() throws Exception {
    DifferentialProfile same = DifferentialProfile.of(read("mixed"), read("mixed"));
    assertTrue(same.topGrowth().isEmpty());
    assertEquals(null, same.mostGrown());
  }

  @Test
  void aDispatchFrameIsPlumbingEvenOnAMostlyParkedThread() {
    ProfileSummary s = ProfileSummary.of(java.util.Map.of(
        "thread (9): asyncio_0;_worker (concurrent/futures/thread.py:81)", 90L,
        "thread (9): asyncio_0;_worker (concurrent/futures/thread.py:83);_WorkItem.run (concurrent/futures/thread.py:58);work (w.py:1)", 10L));
    assertEquals(java.util.Map.of("work (w.py)", 1.0), s.functionShare());
    assertEquals(0.10, s.busyShareByKind().get(ThreadKind.EXECUTOR), 1e-12);
  }

  @Test
  void anExecutorsRunnerThatGrowsIsNotNamedTheFunctionItRanIs() throws Exception {
    // runner-{retrieval,mixed}.collapsed: the executor's _WorkItem.run, as the leaf (a job in native
    // code) or above a job's function, grows from 5 of 10 busy samples to 50 of 55; embed, below it,
    // grows less (0 -> 10 of 55): embed is what grew, the runner ran it
    DifferentialProfile diff = DifferentialProfile.of(read("runner-retrieval"), read("runner-mixed"));
    assertEquals(List.of("embed (embedder.py)"), diff.topGrowth().stream().map(DifferentialProfile.FunctionChange::function).toList());
    assertEquals(10 / 55.0, diff.topGrowth().get(0).after(), 1e-12);
    // the runner's own samples still count as busy, in the executor's share and in every share's denominator
    assertEquals(5 / 95.0, diff.byKind().get(ThreadKind.EXECUTOR).before(), 1e-12);
    assertEquals(50 / 100.0, diff.byKind().get(ThreadKind.EXECUTOR).after(), 1e-12);
  }

  @Test
  void openVikingsTracingWrapperIsNotNamedTheFunctionItWrapsIs() {
    // as in a real 0.5.2 standard run: under mixed load the tracer's async_wrapper appears above both a
    // search's embedding (event loop) and a commit's memory extraction (a queue worker), so it grew more
    // than either (0 -> 10 of 20 busy samples); the extraction (6 of 20) is what grew, the wrapper wrapped it
    String wrapper = "tracer.__call__.<locals>.async_wrapper (openviking/telemetry/tracer.py:543)";
    ProfileSummary retrieval = ProfileSummary.of(java.util.Map.of(
        "thread (1): MainThread;run (server.py:1);EpollSelector.select (selectors.py:468)", 90L,
        "thread (1): MainThread;run (server.py:1);find (routes.py:10)", 10L,
        "thread (2): Thread-9 (_queue_worker_loop);loop (queue_manager.py:337);EpollSelector.select (selectors.py:468)", 30L));
    ProfileSummary mixed = ProfileSummary.of(java.util.Map.of(
        "thread (1): MainThread;run (server.py:1);EpollSelector.select (selectors.py:468)", 60L,
        "thread (1): MainThread;run (server.py:1);find (routes.py:10)", 10L,
        "thread (1): MainThread;run (server.py:1);search (routes.py:20);" + wrapper + ";embed (embedder.py:12)", 4L,
        "thread (2): Thread-9 (_queue_worker_loop);loop (queue_manager.py:337);EpollSelector.select (selectors.py:468)", 24L,
        "thread (2): Thread-9 (_queue_worker_loop);loop (queue_manager.py:337);" + wrapper
            + ";SessionCompressorV3.extract_long_term_memories (openviking/session/compressor_v3.py:80)", 6L));
    DifferentialProfile diff = DifferentialProfile.of(retrieval, mixed);
    assertEquals("SessionCompressorV3.extract_long_term_memories (openviking/session/compressor_v3.py)",
        diff.topGrowth().get(0).function());
    assertEquals(6 / 20.0, diff.topGrowth().get(0).after(), 1e-12);
    assertFalse(diff.topGrowth().stream().anyMatch(f -> f.function().contains("async_wrapper")), diff.topGrowth().toString());
  }

  @Test
  void genericRunnersOfEveryKindAreDispatch() {
    for (String runner : List.of("_WorkItem.run (concurrent/futures/thread.py)", "Thread.run (threading.py)",
        "WorkerThread.run (anyio/_backends/_asyncio.py)", "Handle._run (asyncio/events.py)",
        "ThreadPoolExecutor.runWorker (java/util/concurrent/ThreadPoolExecutor.java)", "FutureTask.run (java/util/concurrent/FutureTask.java)",
        "tracer.__call__.<locals>.async_wrapper (openviking/telemetry/tracer.py)")) {
      assertTrue(ProfileSummary.dispatch(runner), runner);
    }
    assertFalse(ProfileSummary.dispatch("embed (embedder.py)"));
    assertFalse(ProfileSummary.dispatch("SessionCompressorV3._extract_user_memories (openviking/session/compressor_v3.py)"));
    assertFalse(ProfileSummary.dispatch("SearchRoutes.find (ovload/standin/api/SearchRoutes.java)"));
  }

  @Test
  void parkedLeaves() {
    assertTrue(ThreadKind.parked("EpollSelector.select (selectors.py:468)"));
    assertTrue(ThreadKind.parked("Condition.wait (threading.py:327)"));
    assertTrue(ThreadKind.parked("_worker (concurrent/futures/thread.py:81)"));
    assertTrue(ThreadKind.parked("Unsafe.park (jdk/internal/misc/Unsafe.java:-1)"));
    assertFalse(ThreadKind.parked("_worker (mine.py:3)"));
    assertFalse(ThreadKind.parked("Environment._compile (jinja2/environment.py:709)"));
    assertEquals(ThreadKind.QUEUE_WORKERS, ThreadKind.of("Thread-9 (_queue_worker_loop)"));
    assertEquals(ThreadKind.EXECUTOR, ThreadKind.of("asyncio_3"));
    assertEquals(ThreadKind.EVENT_LOOP, ThreadKind.of("standin-io-1"));
  }
}
