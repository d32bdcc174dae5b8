package dev.vigil.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.IpAddress;
import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void parse_literalsOnly_neverHostNames() {
    assertThat(IpAddress.parse("203.0.113.9")).isPresent();
    assertThat(IpAddress.parse("2001:db8::1")).isPresent();
    assertThat(IpAddress.parse("localhost")).isEmpty();
    assertThat(IpAddress.parse("example.com")).isEmpty();
    assertThat(IpAddress.parse("256.1.1.1")).isEmpty();
    assertThat(IpAddress.parse("1.2.3")).isEmpty();
    assertThat(IpAddress.parse("1.2.3.4.5")).isEmpty();
    assertThat(IpAddress.parse("01.2.3.4")).isEmpty();
    assertThat(IpAddress.parse("1..3.4")).isEmpty();
    assertThat(IpAddress.parse("0.0.0.0")).isPresent();
    assertThat(IpAddress.parse("255.255.255.255").orElseThrow().text())
        .isEqualTo("255.255.255.255");
  }

  @Test
  void network_isSlash24ForIpv4AndSlash48ForIpv6() {
    assertThat(IpAddress.parse("203.0.113.9").orElseThrow().network()).isEqualTo("203.0.113.0/24");
    assertThat(IpAddress.parse("2001:db8:1:2::5").orElseThrow().network())
        .isEqualTo("2001:db8:1:0:0:0:0:0/48");
  }
}
