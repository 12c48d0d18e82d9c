#pragma once
// librpm's process-wide configuration, read once before any other librpm call.
namespace ssi::rpm {

// Reads rpm's configuration and sets the macros every caller relies on: the rpmdb lives
// at /var/lib/rpm (Debian's rpm defaults to ~/.rpmdb). Thread-safe; later calls do nothing.
void ensure_configured();

}  // namespace ssi::rpm
