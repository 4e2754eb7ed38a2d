#include "cmd/movectl.h"

#include <CLI/CLI.hpp>

#include "cmd/check.h"

namespace move {

int movectl_main(int argc, char** argv) {
  CLI::App app{"movectl: control moved, the move reminder daemon, and check plans", "movectl"};
  app.set_version_flag("--version", std::string("movectl ") + MOVE_VERSION);
  app.require_subcommand(1);
  bool json = false;
  app.add_flag("--json", json, "Print the result as JSON");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Validate a plan and preview its reminders (no daemon needed)");
  check_cmd->add_option("plan", check.plan, "Plan file (default: the plan moved reads)");
  check_cmd->add_option("--next", check.next, "Show the next N reminders of each routine")->check(CLI::Range(0, 1000));
  check_cmd->add_option("--from", check.from, "Preview from this local time, e.g. \"2026-03-28 12:00\" (default now)");
  check_cmd->footer("Examples:\n  movectl check\n  movectl check plan.toml --next 5 --from \"2026-03-28 12:00\"");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? kExitOk : kExitUsage;
  }
  check.json = json;
  if (app.got_subcommand(check_cmd)) return run_check(check);
  return kExitUsage;
}

}  // namespace move
