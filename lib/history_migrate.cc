// SPDX-License-Identifier: GPL-3.0-or-later
// History::migrate: an older file taken to sql::kSchemaVersion in one
// transaction (the statements are in lib/history_sql.h).
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "lib/history.h"
#include "lib/history_sql.h"

namespace move {

void History::migrate() {
  sqlite3* db = db_.get();
  auto describe = [&](const std::string& what) { return "history " + file_.string() + ": " + what; };
  auto exec = [&](const char* sql, std::string_view what) {
    if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
      const std::string message = sqlite3_errmsg(db);  // before ROLLBACK replaces it
      if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, sql::kRollback, nullptr, nullptr, nullptr);
      throw HistoryError(rc & 0xff, describe(std::string(what) + ": " + message));
    }
  };
  exec(sql::kBegin, "cannot migrate the schema");
  try {
    int version = 0;
    {
      Stmt check = prepare(sql::kUserVersion, false);
      if (const int rc = sqlite3_step(check.get()); rc != SQLITE_ROW)
        throw HistoryError(rc & 0xff, describe("cannot read the schema version: " + std::string(sqlite3_errmsg(db))));
      version = sqlite3_column_int(check.get(), 0);
    }
    if (version < 2) exec(sql::kMigrateTo2, "cannot migrate the schema to version 2 (nothing was changed)");
    if (version < 3) exec(sql::kMigrateTo3, "cannot migrate the schema to version 3 (nothing was changed)");
    if (version < 4) exec(sql::kMigrateTo4, "cannot migrate the schema to version 4 (nothing was changed)");
    exec(sql::kCommit, "cannot migrate the schema (nothing was changed)");
  } catch (...) {
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, sql::kRollback, nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace move
