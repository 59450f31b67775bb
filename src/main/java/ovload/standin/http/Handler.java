package ovload.standin.http;

/** One route's behaviour for one method: an answer, or an {@link ApiException}. */
@FunctionalInterface
public interface Handler {
  Reply handle(Call call) throws InterruptedException;
}
