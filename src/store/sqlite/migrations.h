#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// One numbered schema change. Numbers only grow; a released migration never changes.
struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

/// Broadsheet's migrations, in order.
std::span<const Migration> AllMigrations();

/// Applies every migration in `migrations` the database has not recorded in
/// `schema_migrations` (a gap below the newest applied too), in order, each in its own
/// transaction, recording it there. Returns the resulting (highest) version.
/// A database newer than this binary knows is an error (kConflict), not a downgrade.
Result<int> Migrate(Connection& connection, std::span<const Migration> migrations = AllMigrations());

}  // namespace broadsheet::store::sqlite
