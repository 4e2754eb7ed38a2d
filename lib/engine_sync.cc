// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's part of a history shared between computers (lib/sync.h):
// what this computer records goes to its journal before the reply; what the
// others wrote is recorded here as if it had been done here.
#include <boost/json/array.hpp>

#include "lib/engine.h"
#include "lib/journal.h"
#include "lib/local_time.h"
#include "lib/prescription_history.h"

namespace move {

namespace json = boost::json;

namespace {

json::value iso_or_null(const std::optional<Instant>& t) {
  return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
}

json::value text_or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

void Engine::set_sync(std::unique_ptr<Sync> sync, Instant now) {
  sync_ = std::move(sync);
  sync_error_.reset();
  sync_problem_.reset();
  if (sync_) publish(now);
}

void Engine::set_sync_problem(std::optional<std::string> problem) { sync_problem_ = std::move(problem); }

void Engine::publish(Instant now) {
  if (!sync_ || !history_.available()) return;
  try {
    sync_->publish(history_, now);
    if (sync_error_ && on_warning)
      on_warning("sync: the journal can be written again: " + sync_->own_journal().string());
    sync_error_.reset();
  } catch (const SyncError& e) {
    // The history has the event: the journal gets it with the next write
    // that succeeds. Logged once per cause.
    if (sync_error_ != e.what() && on_warning)
      on_warning(std::string("sync: ") + e.what() + "; reminders go on, shared once the folder can be written");
    sync_error_ = e.what();
  } catch (const HistoryError& e) {
    if (on_warning) on_warning(std::string("sync: ") + e.what());
  }
}

json::object Engine::shared(json::object reply, const Command& command, Instant now) {
  if (command.access == Access::writes) publish(now);
  if (command.name == "status" && reply.contains("ok") && reply.at("ok").as_bool()) reply["sync"] = sync_status();
  return reply;
}

std::int64_t Engine::import_synced(Instant now) {
  if (!sync_ || !history_.available()) return 0;
  Sync::Imported got;
  bool prescribed = false;
  auto record_one = [&](const Event& e) {
    const Routine* r = e.kind == EventKind::done || e.kind == EventKind::skipped ? plan_.find(e.routine) : nullptr;
    if (r) {
      complete(*r, e, true);  // closes the reminder, reschedules, tells watchers
      return;
    }
    Event copy = e;
    copy.id = record(copy, true);
    prescribed = prescribed || e.kind == EventKind::prescription;
    if (e.kind == EventKind::pain && (!pain_at_ || *pain_at_ <= e.at)) {
      pain_level_ = e.value;
      pain_at_ = e.at;
    }
    json::object ev = event_json(copy);
    ev["event"] = to_string(copy.kind);
    emit(std::move(ev));
  };
  auto warn = [this](const std::string& m) {
    if (on_warning) on_warning(m);
  };
  try {
    with_batch("sync: import not written", [&] { got = sync_->import(history_, record_one, warn); });
    sync_problem_.reset();
  } catch (const SyncError& e) {
    if (sync_problem_ != e.what()) warn(std::string("sync: ") + e.what());
    sync_problem_ = e.what();
    return 0;
  } catch (const HistoryError& e) {
    // Rolled back whole, positions included: read again next time.
    warn(std::string("sync: nothing imported: ") + e.what());
    return 0;
  }
  (void)now;
  if (prescribed && prescriptions_) {
    // What another computer ran is part of the timeline the figures follow.
    try {
      prescriptions_ = read_prescriptions(history_, on_warning);
    } catch (const HistoryError& e) {
      warn(std::string("sync: prescriptions not read again: ") + e.what());
    }
  }
  sync_imported_.recorded += got.recorded;
  sync_imported_.duplicates += got.duplicates;
  sync_imported_.invalid += got.invalid;
  return got.recorded;
}

json::object Engine::sync_status() const {
  if (!sync_) return {{"dir", nullptr}};
  json::array hosts;
  try {
    if (history_.available())
      for (const History::SyncFile& f : history_.sync_files()) {
        if (f.host == sync_->self().id) continue;
        hosts.push_back(json::object{{"id", f.host},
                                     {"name", f.host_name},
                                     {"file", f.name},
                                     {"last_wrote", iso_or_null(f.recorded)},
                                     {"events", f.events},
                                     {"lines", f.line}});
      }
  } catch (const HistoryError&) {
    // status still answers; hosts unknown
  }
  std::optional<std::string> error = sync_error_ ? sync_error_ : sync_problem_;
  return {{"dir", sync_->dir().string()},
          {"host", json::object{{"id", sync_->self().id}, {"name", sync_->self().name}}},
          {"journal", sync_->own_journal().string()},
          {"error", text_or_null(error)},
          {"hosts", std::move(hosts)},
          {"imported", sync_imported_.recorded},
          {"duplicates", sync_imported_.duplicates},
          {"invalid", sync_imported_.invalid}};
}

}  // namespace move
