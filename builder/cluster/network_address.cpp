#include "cluster/network_address.hpp"

#include <charconv>
#include <cstdio>

namespace ssi::cluster {
namespace {

// One number of `text` at `pos` in `base`, at most `max`; advances `pos`.
std::optional<unsigned> number_at(std::string_view text, std::size_t& pos, int base, unsigned max) {
  unsigned value = 0;
  const auto* begin = text.data() + pos;
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value, base);
  if (ec != std::errc() || end == begin || value > max || end - begin > (base == 10 ? 3 : 2)) return std::nullopt;
  pos += static_cast<std::size_t>(end - begin);
  return value;
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t address = 0;
  std::size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (pos >= text.size() || text[pos++] != '.')) return std::nullopt;
    const auto octet = number_at(text, pos, 10, 255);
    if (!octet) return std::nullopt;
    address = address << 8 | *octet;
  }
  if (pos != text.size()) return std::nullopt;
  return address;
}

std::string format_ipv4(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
         std::to_string(a & 255);
}

std::uint32_t Network::mask() const { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }

bool Network::contains(std::uint32_t address) const { return (address & mask()) == base; }

std::optional<Network> parse_network(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto base = parse_ipv4(text.substr(0, slash));
  std::size_t pos = slash + 1;
  const auto prefix = number_at(text, pos, 10, 30);
  if (!base || !prefix || pos != text.size() || *prefix < 8) return std::nullopt;
  Network network{*base, static_cast<int>(*prefix)};
  if ((*base & ~network.mask()) != 0) return std::nullopt;
  return network;
}

std::string format_network(const Network& n) { return format_ipv4(n.base) + "/" + std::to_string(n.prefix); }

std::optional<std::uint64_t> parse_mac(std::string_view text) {
  std::uint64_t mac = 0;
  std::size_t pos = 0;
  for (int part = 0; part < 6; ++part) {
    if (part > 0 && (pos >= text.size() || (text[pos++] != ':'))) return std::nullopt;
    const std::size_t start = pos;
    const auto octet = number_at(text, pos, 16, 255);
    if (!octet || pos - start != 2) return std::nullopt;
    mac = mac << 8 | *octet;
  }
  if (pos != text.size()) return std::nullopt;
  return mac;
}

std::string format_mac(std::uint64_t mac, char separator) {
  std::string out;
  for (int shift = 40; shift >= 0; shift -= 8) {
    char octet[3];
    std::snprintf(octet, sizeof octet, "%02x", static_cast<unsigned>(mac >> shift & 255));
    if (!out.empty()) out += separator;
    out += octet;
  }
  return out;
}

}  // namespace ssi::cluster
