#pragma once
// Debian's PAM stack (/etc/pam.d/common-*) is made at install time by pam-auth-update from the
// templates libpam-runtime ships (usr/share/pam/common-*) and the profiles packages drop into
// usr/share/pam-configs. Images do not run maintainer scripts, so this does the same merge:
// enabled (Default: yes) profiles by falling priority, each block's first profile in its
// "-Initial" form and the last in its "-Final" form when they have one, and a Primary module's
// "success=end" turned into the jump past the remaining Primary modules and the fallback.
#include <filesystem>
#include <map>
#include <string>

namespace ssi::image {

// The five files (common-auth, common-account, common-password, common-session,
// common-session-noninteractive) from a root's templates and profiles; empty when the root has
// no templates.
std::map<std::string, std::string> pam_common_files(const std::filesystem::path& root);

}  // namespace ssi::image
