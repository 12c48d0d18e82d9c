#pragma once
// librpm reports problems through its global log. We keep the last message per thread
// instead of letting it print, so the caller can put the reason into its own one-line error.
#include <string>

namespace ssi::rpm {

void capture_log_messages();
// Returns and clears the calling thread's last captured error message ("" if none).
std::string take_last_log_message();

}  // namespace ssi::rpm
