#include "rpm/rpm_log.hpp"

#include <rpm/rpmlog.h>

#include <regex>
#include <utility>
#include <vector>

namespace ssi::rpm {
namespace {

thread_local std::string last_message;
thread_local std::vector<std::string> errors;
constexpr std::size_t kMaxErrors = 20;

int keep_message(rpmlogRec rec, rpmlogCallbackData) {
  if (rpmlogRecPriority(rec) <= RPMLOG_WARNING) {
    std::string text = rpmlogRecMessage(rec);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    // rpm unpacks into "FILE;XXXXXXXX" before renaming: the reader wants the package's path.
    static const std::regex unpack_suffix(";[0-9a-f]{8}(:|$)");
    text = std::regex_replace(text, unpack_suffix, "$1");
    if (rpmlogRecPriority(rec) <= RPMLOG_ERR && errors.size() < kMaxErrors) errors.push_back(text);
    last_message = std::move(text);
  }
  return 0;  // handled: librpm prints nothing
}

}  // namespace

void capture_log_messages() {
  errors.clear();
  rpmlogSetCallback(keep_message, nullptr);
}

std::string take_error_messages() {
  std::string joined;
  for (const auto& e : std::exchange(errors, {})) joined += (joined.empty() ? "" : "; ") + e;
  return joined;
}

std::string take_last_log_message() { return std::exchange(last_message, {}); }

}  // namespace ssi::rpm
