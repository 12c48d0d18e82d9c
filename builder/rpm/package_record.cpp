#include "rpm/package_record.hpp"

namespace ssi {

const char* dep_kind_name(DepKind kind) {
  switch (kind) {
    case DepKind::provide: return "provides";
    case DepKind::require: return "requires";
    case DepKind::conflict: return "conflicts";
    case DepKind::obsolete: return "obsoletes";
    case DepKind::recommend: return "recommends";
    case DepKind::suggest: return "suggests";
    case DepKind::supplement: return "supplements";
    case DepKind::enhance: return "enhances";
  }
  return "?";
}

const char* dep_op_symbol(DepOp op) {
  switch (op) {
    case DepOp::none: return "";
    case DepOp::lt: return "<";
    case DepOp::le: return "<=";
    case DepOp::eq: return "=";
    case DepOp::ge: return ">=";
    case DepOp::gt: return ">";
  }
  return "";
}

const char* dep_op_rpmmd(DepOp op) {
  switch (op) {
    case DepOp::none: return "";
    case DepOp::lt: return "LT";
    case DepOp::le: return "LE";
    case DepOp::eq: return "EQ";
    case DepOp::ge: return "GE";
    case DepOp::gt: return "GT";
  }
  return "";
}

std::string Dependency::to_string() const {
  if (op == DepOp::none) return name;
  return name + " " + dep_op_symbol(op) + " " + evr;
}

std::string PackageRecord::evr() const {
  std::string out = epoch ? std::to_string(*epoch) + ":" : "";
  return out + version + "-" + release;
}

std::string PackageRecord::nevra() const { return name + "-" + evr() + "." + arch; }

}  // namespace ssi
