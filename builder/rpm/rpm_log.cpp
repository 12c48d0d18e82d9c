#include "rpm/rpm_log.hpp"

#include <rpm/rpmlog.h>

#include <utility>

namespace ssi::rpm {
namespace {

thread_local std::string last_message;

int keep_message(rpmlogRec rec, rpmlogCallbackData) {
  if (rpmlogRecPriority(rec) <= RPMLOG_WARNING) {
    std::string text = rpmlogRecMessage(rec);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    last_message = std::move(text);
  }
  return 0;  // handled: librpm prints nothing
}

}  // namespace

void capture_log_messages() { rpmlogSetCallback(keep_message, nullptr); }

std::string take_last_log_message() { return std::exchange(last_message, {}); }

}  // namespace ssi::rpm
