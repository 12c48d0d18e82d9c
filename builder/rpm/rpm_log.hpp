#pragma once
// librpm reports problems through its global log. We keep the last message (and the errors)
// per thread instead of letting it print, so the caller can put the reason into its own one-line error.
#include <string>

namespace ssi::rpm {

void capture_log_messages();
// Returns and clears the calling thread's last captured error message ("" if none).
std::string take_last_log_message();
// Returns and clears every error message captured since capture_log_messages, joined by "; ".
std::string take_error_messages();

}  // namespace ssi::rpm
