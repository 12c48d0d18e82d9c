#include "distro/release_file.hpp"

#include <sstream>

#include "util/fs.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;

Expected<std::string> verified_release_text(const fs::path& in_release, const fs::path& keyring, const fs::path& log) {
  const fs::path verified = temporary_name(in_release, "tmp");
  const RemoveOnExit remove(verified);
  auto gpgv = run_process({"gpgv", "--keyring", keyring.string(), "--output", verified.string(), in_release.string()}, log);
  if (!gpgv) return gpgv.error();
  if (gpgv->exit_code != 0)
    return bad_input(in_release.string() + ": the signature does not verify with " + keyring.string() + ":\n" + log_tail(log, 4));
  return read_file(verified);
}

Expected<ReleaseFile> parse_release(const std::string& text, const fs::path& file) {
  ReleaseFile r;
  std::istringstream in(text);
  bool in_sha256 = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == ' ') {
      if (!in_sha256) continue;
      std::istringstream entry(line);
      std::string digest, size, path;
      entry >> digest >> size >> path;
      const auto bytes = parse_number(size);
      if (digest.size() != 64 || !bytes || path.empty())
        return bad_input(file.string() + ": SHA256: malformed entry \"" + trim(line) + "\"");
      r.sha256[path] = {digest, *bytes};
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon), value = trim(line.substr(colon + 1));
    in_sha256 = key == "SHA256";
    if (key == "Suite") r.suite = value;
    else if (key == "Codename") r.codename = value;
    else if (key == "Version") r.version = value;
    else if (key == "Date") r.date = value;
  }
  if (r.sha256.empty()) return bad_input(file.string() + ": no SHA256 list of index files");
  return r;
}

}  // namespace ssi::distro
