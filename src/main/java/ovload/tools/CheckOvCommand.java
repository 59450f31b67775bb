package ovload.tools;

import java.io.IOException;
import java.util.concurrent.Callable;
import ovload.provision.OvCliCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ovload check-ov}: every command of the cli-subprocess adapter run with a given {@code ov} against a
 * server ({@link OvCliCheck}), as {@code scripts/openviking-clients-check.sh} does with OpenViking's own.
 */
@Command(name = "check-ov", description = "Runs the cli-subprocess adapter's commands with an ov against a server.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every command passed", "1:a command failed (each is listed)", "2:a bad option"})
public final class CheckOvCommand implements Callable<Integer> {
  @Option(names = "--ov", required = true, paramLabel = "PATH", description = "The ov executable.")
  String ov;

  @Option(names = "--url", required = true, paramLabel = "URL", description = "The server, e.g. http://127.0.0.1:1935.")
  String url;

  @Option(names = "--api-key", paramLabel = "K", description = "The server's root key (default: the stand-in's test key).")
  String apiKey = "test-root-api-key";

  @Override
  public Integer call() throws IOException {
    return OvCliCheck.check(ov, url, apiKey) ? Ovload.OK : Ovload.FAILED;
  }
}
