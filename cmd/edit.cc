// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/edit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <boost/json.hpp>
#include <functional>
#include <iostream>

#include "cmd/client.h"
#include "cmd/movectl.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/atomic_file.h"
#include "lib/paths.h"
#include "lib/plan_file.h"

namespace move {

namespace json = boost::json;

namespace {

// Holds flock on the plan's folder so two movectl edit one at a time.
class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& plan) {
    std::filesystem::path dir = plan.has_parent_path() ? plan.parent_path() : ".";
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

int report_error(bool as_json, std::string_view code, const std::string& message, int status) {
  if (as_json) std::cout << to_json_text(json::object{{"ok", false}, {"error", message}, {"code", code}}) << "\n";
  std::cerr << "movectl: " << message << "\n";
  return status;
}

int edit(const EditTarget& t, const json::object& request, const std::string& done_text,
         const std::function<EditedPlan(const std::filesystem::path&)>& offline) {
  try {
    Client client(socket_path(t.socket ? std::optional<std::filesystem::path>(*t.socket) : std::nullopt));
    json::object reply = client.call(request);
    if (t.json) std::cout << to_json_text(reply) << "\n";
    if (!reply.at("ok").as_bool()) {
      std::cerr << "movectl: " << std::string(reply.at("error").as_string()) << "\n";
      return kExitRefused;
    }
    if (!t.json)
      std::cout << strprintf(_("%1$s in %2$s"), done_text.c_str(), reply.at("plan").as_string().c_str()) << "\n";
    return kExitOk;
  } catch (const UntrustedSocket& e) {
    // Someone else may listen there: say so, and do not pretend moved is down.
    return report_error(t.json, "untrusted-socket", e.what(), kExitNoDaemon);
  } catch (const NoDaemon&) {
    // Fall through: edit the file ourselves.
  }
  const std::filesystem::path plan = plan_path();
  try {
    FolderLock lock(plan);
    offline(plan);
  } catch (const PlanEditError& e) {
    return report_error(t.json, e.kind() == PlanEditError::Kind::unknown_routine ? "unknown-routine" : "invalid-plan",
                        e.what(), kExitRefused);
  } catch (const PlanError& e) {
    return report_error(t.json, "invalid-plan", e.what(), kExitUsage);
  } catch (const std::exception& e) {
    return report_error(t.json, "io-error", e.what(), kExitRefused);
  }
  if (t.json)
    std::cout << to_json_text(json::object{{"ok", true}, {"plan", plan.string()}, {"daemon", false}}) << "\n";
  else
    std::cout << strprintf(_("%1$s in %2$s (moved is not running; it reads the plan when it starts)"),
                           done_text.c_str(), plan.string().c_str())
              << "\n";
  return kExitOk;
}

}  // namespace

int run_add(const EditTarget& target, const NewRoutine& r) {
  return edit(target, request_from_new_routine(r), strprintf(_("added %s"), r.id.c_str()),
              [&](const std::filesystem::path& plan) { return add_to_plan_file(plan, r); });
}

int run_set_enabled(const EditTarget& target, const std::string& id, bool enabled) {
  return edit(target, {{"cmd", enabled ? "enable" : "disable"}, {"id", id}}, (enabled ? "enabled " : "disabled ") + id,
              [&](const std::filesystem::path& plan) { return set_enabled_in_plan_file(plan, id, enabled); });
}

int run_edit(const EditTarget& target) {
  namespace fs = std::filesystem;
  const fs::path plan = plan_path();
  std::string original;
  try {
    original = read_plan_text(plan);
  } catch (const PlanError& e) {
    return report_error(target.json, "invalid-plan", e.what(), kExitUsage);
  }
  const char* visual = std::getenv("VISUAL");
  const char* editor = std::getenv("EDITOR");
  const std::string program = visual && *visual ? visual : editor && *editor ? editor : "vi";
  // The copy beside the plan, so that the editor's file type and a rename
  // stay on one filesystem; 0600 like the plan.
  fs::path copy = plan;
  copy += ".edit-" + std::to_string(::getpid()) + ".toml";
  write_file_atomically(copy, original);
  ::chmod(copy.c_str(), 0600);
  struct Remove {
    fs::path f;
    ~Remove() {
      std::error_code ec;
      fs::remove(f, ec);
    }
  } remove{copy};
  for (;;) {
    // The editor as the shell would run it: $EDITOR may hold arguments.
    const std::string command = program + " \"$0\"";
    pid_t pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), copy.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::cerr << "movectl: " << strprintf(_("%s did not end well; the plan is unchanged"), program.c_str()) << "\n";
      return kExitUsage;
    }
    std::string text = read_plan_text(copy);
    if (text == original) {
      std::cout << strprintf(_("no change in %s"), plan.string().c_str()) << "\n";
      return kExitOk;
    }
    try {
      parse_plan(text, plan.string());
    } catch (const PlanError& e) {
      std::cerr << e.what() << "\n";
      // TRANSLATORS: the answer read is still y or n.
      std::cerr << "movectl: " << _("the plan is not valid; edit it again? [Y/n] ") << std::flush;
      std::string answer;
      if (!std::getline(std::cin, answer) || (!answer.empty() && answer[0] != 'y' && answer[0] != 'Y')) {
        std::cerr << "movectl: " << _("the plan is unchanged") << "\n";
        return kExitUsage;
      }
      continue;
    }
    {
      FolderLock lock(plan);
      if (read_plan_text(plan) != original) {
        std::cerr << "movectl: " << strprintf(_("%s changed meanwhile; your edit is not saved"), plan.string().c_str())
                  << "\n";
        return kExitRefused;
      }
      write_file_atomically(plan, text);
    }
    break;
  }
  // moved sees the change (inotify); a reload makes it certain and says so.
  try {
    Client client(socket_path(target.socket ? std::optional<fs::path>(*target.socket) : std::nullopt));
    json::object reply = client.call({{"cmd", "reload"}});
    if (!reply.at("ok").as_bool()) {
      std::cerr << "movectl: " << std::string(reply.at("error").as_string()) << "\n";
      return kExitRefused;
    }
    std::cout << strprintf(_("plan saved and loaded: %s"), plan.string().c_str()) << "\n";
  } catch (const NoDaemon&) {
    std::cout << strprintf(_("plan saved: %s (moved is not running; it reads the plan when it starts)"),
                           plan.string().c_str())
              << "\n";
  }
  return kExitOk;
}

int run_rm(const EditTarget& target, const std::string& id) {
  return edit(target, {{"cmd", "rm"}, {"id", id}}, strprintf(_("removed %s"), id.c_str()),
              [&](const std::filesystem::path& plan) { return remove_from_plan_file(plan, id); });
}

}  // namespace move
