#include "util/job_resources.hpp"

#include <cctype>
#include <string_view>

#include "util/text.hpp"

namespace ssi {
namespace {

// A value given as a string or as a plain number.
std::optional<std::string> text_or_number(const toml::node* node) {
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  if (const auto* i = node->as_integer()) return std::to_string(i->get());
  return std::string{};  // wrong type: reported as an unreadable value
}

}  // namespace

JobResources JobResources::or_else(const JobResources& defaults) const {
  return {cpus ? cpus : defaults.cpus, memory_mib ? memory_mib : defaults.memory_mib,
          time_minutes ? time_minutes : defaults.time_minutes};
}

std::optional<unsigned> parse_memory_mib(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  const bool has_unit = std::string_view("KMGT").find(unit) != std::string_view::npos;
  const auto value = parse_number(has_unit ? text.substr(0, text.size() - 1) : text, 10);
  if (!value || *value == 0 || *value > 0xffffffffUL) return std::nullopt;
  unsigned long mib = *value;
  if (unit == 'K') mib = (mib + 1023) / 1024;
  if (unit == 'G') mib *= 1024;
  if (unit == 'T') mib *= 1024 * 1024;
  if (mib > 0xffffffffUL) return std::nullopt;
  return static_cast<unsigned>(mib);
}

std::optional<unsigned> parse_minutes(const std::string& text) {
  if (const auto bare = parse_number(text, 10))
    return *bare > 0 && *bare < 0xffffffffUL ? std::optional<unsigned>(static_cast<unsigned>(*bare)) : std::nullopt;
  unsigned long total = 0;
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
      continue;
    }
    const auto value = parse_number(digits, 10);
    if (!value) return std::nullopt;
    switch (c) {
      case 'd': total += *value * 24 * 60; break;
      case 'h': total += *value * 60; break;
      case 'm': total += *value; break;
      default: return std::nullopt;
    }
    if (total > 0xffffffffUL) return std::nullopt;
    digits.clear();
  }
  if (!digits.empty() || total == 0) return std::nullopt;
  return static_cast<unsigned>(total);
}

JobResources read_job_resources(Fields& top) {
  JobResources resources;
  const toml::table* table = top.table("resources");
  if (!table) return resources;
  Fields f(*table, "resources", top.problems());
  if (const auto cpus = f.integer("cpus")) {
    if (*cpus < 1 || *cpus > 4096) f.problems().add(f.line_of("cpus"), "resources.cpus", "a number of CPUs from 1 to 4096");
    else resources.cpus = static_cast<unsigned>(*cpus);
  }
  if (const auto memory = text_or_number(f.raw("memory"))) {
    resources.memory_mib = parse_memory_mib(*memory);
    if (!resources.memory_mib)
      f.problems().add(f.line_of("memory"), "resources.memory", "\"" + *memory + "\": a size such as \"512M\" or \"4G\"");
  }
  if (const auto time = text_or_number(f.raw("time"))) {
    resources.time_minutes = parse_minutes(*time);
    if (!resources.time_minutes)
      f.problems().add(f.line_of("time"), "resources.time", "\"" + *time + "\": a time limit such as \"45m\", \"2h\" or \"1h30m\"");
  }
  return resources;
}

}  // namespace ssi
