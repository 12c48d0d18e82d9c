#include "cli/output.hpp"

#include <iostream>

namespace ssi::cli {

void print_warning(const std::string& message) { std::cerr << "ssi-oscar: warning: " << message << "\n"; }

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << "\n"; }

void print_table(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::cout << format_table(rows, indent);
}

}  // namespace ssi::cli
