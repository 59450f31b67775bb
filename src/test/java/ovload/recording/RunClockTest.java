package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ovload.support.Timestamps;

class RunClockTest {
  @Test
  void stampsAreTheTimestampFormatWhateverOrderTheReadingsComeIn() {
    RunClock clock = new RunClock();
    long now = clock.nanos();
    Random random = new Random(7);
    // readings back and forth across seconds, minutes, days and years, and many within one second
    long[] offsets = {0, 999_999, 1_000_000, 999_000_000, 1_000_000_000, 1_001_000_000, -1_000_000, -999_999_999,
        59_999_000_000L, 60_000_000_000L, 86_400_000_000_000L, -86_400_000_000_000L, 366L * 86_400_000_000_000L};
    for (long offset : offsets) {
      assertSame(clock, now + offset);
    }
    for (int i = 0; i < 20_000; i++) {
      long offset = i % 2 == 0 ? random.nextInt(3_000_000) * 1_000L : (long) (random.nextDouble() * 4e17) - 2_000_000_000_000_000L;
      assertSame(clock, now + offset);
    }
  }

  @Test
  void aSecondsTextIsNotReusedForTheNextSecond() {
    RunClock clock = new RunClock();
    long start = clock.nanos();
    long toNextSecond = (1000 - Math.floorMod(clock.epochMillis(start), 1000L)) * 1_000_000L;
    assertSame(clock, start + toNextSecond - 1_000_000);
    assertSame(clock, start + toNextSecond);
    assertSame(clock, start + toNextSecond - 1_000_000);
  }

  private static void assertSame(RunClock clock, long nanos) {
    assertEquals(Timestamps.isoFromEpochMillis(clock.epochMillis(nanos)), clock.iso(nanos), "reading " + nanos);
  }
}
