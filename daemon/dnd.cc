// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/dnd.h"

#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

DoNotDisturb::DoNotDisturb() {
  for (auto make : {&gnome_dnd, &server_dnd}) {
    try {
      if (auto s = make()) sources_.push_back(std::move(s));
    } catch (const std::exception& e) {
      log::warning(strprintf(_("do not disturb: %1$s"), e.what()));
    }
  }
  state_.assign(sources_.size(), false);
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    sources_[i]->on_change = [this, i](bool on) {
      log::debug(std::string("do not disturb (") + std::string(sources_[i]->name()) + ") " + (on ? "on" : "off"));
      state_[i] = on;
      changed();
    };
  }
}

bool DoNotDisturb::on() const {
  for (bool b : state_)
    if (b) return true;
  return false;
}

std::string DoNotDisturb::sources() const {
  std::string out;
  for (const auto& s : sources_) out += (out.empty() ? "" : ", ") + std::string(s->name());
  return out;
}

void DoNotDisturb::changed() {
  const bool now_on = on();
  if (now_on == reported_) return;
  reported_ = now_on;
  std::string why;
  for (std::size_t i = 0; i < sources_.size(); ++i)
    if (state_[i]) why += (why.empty() ? "" : ", ") + std::string(sources_[i]->name());
  if (on_change) on_change(now_on, why);
}

}  // namespace move
