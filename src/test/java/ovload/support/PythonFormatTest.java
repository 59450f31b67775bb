package ovload.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import ovload.report.render.CsvTables;
import ovload.stats.Percentiles;

/** Expected strings are what CPython 3.11 prints for the same numbers. */
class PythonFormatTest {
  @Test
  void reprMatchesPython() {
    assertEquals("12.0", PythonFormat.repr(12.0));
    assertEquals("0.1235", PythonFormat.repr(0.1235));
    assertEquals("1e-05", PythonFormat.repr(0.00001));
    assertEquals("0.0001", PythonFormat.repr(0.0001));
    assertEquals("123456789.0", PythonFormat.repr(123456789.0));
    assertEquals("1e+16", PythonFormat.repr(1e16));
    assertEquals("1.5e+16", PythonFormat.repr(1.5e16));
    assertEquals("-2.5", PythonFormat.repr(-2.5));
    assertEquals("1000000000.0000001", PythonFormat.repr(1e9 / 1e-9 * 1e-9));
    assertEquals("0.30000000000000004", PythonFormat.repr(0.1 + 0.2));
    assertEquals("0.3333333333333333", PythonFormat.repr(1.0 / 3));
    assertEquals("1.152921504606847e+18", PythonFormat.repr(Math.pow(2, 60)));
  }

  @Test
  void roundIsHalfEvenOnTheExactBinaryValue() {
    assertEquals(2.67, PythonFormat.round(2.675, 2)); // 2.675 is 2.67499999... in binary
    assertEquals(0.125, PythonFormat.round(0.125, 3));
    assertEquals(0.12, PythonFormat.round(0.125, 2)); // an exact tie: to even
    assertEquals(1.2346, PythonFormat.round(1.23456, 4));
    assertEquals("0.12", PythonFormat.fixed(0.125, 2));
    assertEquals("100.00", PythonFormat.fixed(100, 2));
  }

  @Test
  void percentileInterpolatesBetweenClosestRanks() {
    double[] sorted = {10, 20, 30, 40};
    assertEquals(25.0, Percentiles.of(sorted, 4, 50));
    assertEquals(38.5, Percentiles.of(sorted, 4, 95), 1e-12);
    assertEquals(40.0, Percentiles.of(sorted, 4, 100));
    assertEquals(10.0, Percentiles.of(sorted, 1, 99));
    assertEquals(null, Percentiles.of(sorted, 0, 50));
  }

  @Test
  void csvCellsAreQuotedAsPythonsCsvModuleQuotesThem() {
    // python3 -c "import csv,sys; csv.writer(sys.stdout).writerow(['', ' lead', '#hash', 'a,b', 'q\"q', 'trail ', 'x\ny'])"
    assertEquals("", CsvTables.cell(""));
    assertEquals(" lead", CsvTables.cell(" lead"));
    assertEquals("#hash", CsvTables.cell("#hash"));
    assertEquals("\"a,b\"", CsvTables.cell("a,b"));
    assertEquals("\"q\"\"q\"", CsvTables.cell("q\"q"));
    assertEquals("trail ", CsvTables.cell("trail "));
    assertEquals("\"x\ny\"", CsvTables.cell("x\ny"));
  }
}
