package ovload.standin.api.clients;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether an address is public, as Python 3.11's {@code ipaddress} {@code is_global} decides for
 * OpenViking 0.5.2's network guard (its private and reserved networks; IPv4 shared address space
 * is not public either), and the address written as Python writes it.
 */
final class PublicAddress {
  private record Net(byte[] base, int bits) {
    boolean contains(byte[] address) {
      if (address.length != base.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((address[i / 8] & mask) != (base[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Net> NOT_GLOBAL = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
      "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/29", "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16",
      "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32", "::1/128", "::/128",
      "::ffff:0:0/96", "100::/64", "2001::/23", "2001:2::/48", "2001:db8::/32", "2001:10::/28", "fc00::/7",
      "fe80::/10").stream().map(PublicAddress::net).toList();

  private PublicAddress() {}

  private static Net net(String cidr) {
    int slash = cidr.indexOf('/');
    try {
      return new Net(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
          Integer.parseInt(cidr.substring(slash + 1)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isGlobal(InetAddress address) {
    byte[] bytes = address.getAddress();
    return NOT_GLOBAL.stream().noneMatch(n -> n.contains(bytes));
  }

  /** Dotted IPv4, or IPv6 in lower case with its longest run of zero groups compressed and no scope. */
  static String text(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      out.append(Integer.toHexString(groups[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
