#pragma once
// IPv4 addresses, networks and Ethernet MAC addresses as numbers, so node ranges can count up
// from a base and duplicates compare exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ssi::cluster {

std::optional<std::uint32_t> parse_ipv4(std::string_view text);  // "10.77.0.11"
std::string format_ipv4(std::uint32_t address);

struct Network {
  std::uint32_t base = 0;
  int prefix = 0;  // 0: any address (a network not known yet)
  bool contains(std::uint32_t address) const;
  std::uint32_t mask() const;
  std::uint32_t broadcast() const { return base | ~mask(); }
};
// "10.77.0.0/24"; the address must be the network's first (no host bits set).
std::optional<Network> parse_network(std::string_view text);
std::string format_network(const Network& network);

std::optional<std::uint64_t> parse_mac(std::string_view text);  // "52:54:00:77:00:01", either case
std::string format_mac(std::uint64_t mac, char separator = ':');  // lower case
inline bool is_multicast_mac(std::uint64_t mac) { return (mac >> 40) & 1; }
inline constexpr std::uint64_t kLastMac = 0xffffffffffffULL;

}  // namespace ssi::cluster
