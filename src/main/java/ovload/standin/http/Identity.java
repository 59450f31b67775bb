package ovload.standin.http;

/** Who is asking: the account and user a request acts for (see {@link Authenticator}). */
public record Identity(String account, String user) {
  /**
   * The tenant key. It cannot collide: account {@code a} user {@code b/c} is not account
   * {@code a/b} user {@code c}.
   */
  public String key() {
    return account.length() + ":" + account + "/" + user;
  }
}
