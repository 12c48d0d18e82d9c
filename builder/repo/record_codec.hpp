#pragma once
// PackageRecord <-> JSON values (stored as MessagePack in the index cache).
#include <nlohmann/json.hpp>

#include "rpm/package_record.hpp"

namespace ssi {

void to_json(nlohmann::json& j, const Dependency& d);
void from_json(const nlohmann::json& j, Dependency& d);
void to_json(nlohmann::json& j, const ChangelogEntry& c);
void from_json(const nlohmann::json& j, ChangelogEntry& c);
void to_json(nlohmann::json& j, const PackageRecord& r);
void from_json(const nlohmann::json& j, PackageRecord& r);

}  // namespace ssi
