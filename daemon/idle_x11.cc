// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_x11.h"

#include <X11/Xlib.h>
#include <X11/extensions/sync.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "daemon/clock.h"
#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace asio = boost::asio;

namespace {

XSyncValue sync_value(std::int64_t v) {
  XSyncValue out;
  XSyncIntsToValue(&out, static_cast<unsigned>(v & 0xffffffff), static_cast<int>(v >> 32));
  return out;
}

std::int64_t from_sync_value(const XSyncValue& v) {
  return (static_cast<std::int64_t>(XSyncValueHigh32(v)) << 32) | XSyncValueLow32(v);
}

// Xlib's default handler exits the process on any protocol error; a daemon
// logs it instead. (Process-wide: moved has no other X client.)
int log_x_error(Display* display, XErrorEvent* e) {
  char text[256] = "";
  XGetErrorText(display, e->error_code, text, sizeof text);
  log::warning(strprintf(_("x11 idle: X error: %1$s"), text));
  return 0;
}

// Xlib's default handler of a broken connection exits the process itself;
// this one returns, and then the display's exit handler (set below) decides.
int log_x_io_error(Display*) {
  log::debug("x11 idle: the X connection broke");
  return 0;
}

}  // namespace

// One alarm on IDLETIME, switched between two triggers:
//   present: counter >= threshold (PositiveComparison)  -> idle
//   away:    counter <= threshold - 1 (NegativeComparison) -> active
// Comparisons, not transitions: a condition already true when the alarm is
// (re)armed fires at once, so input between two alarms is never missed.
// Each alarm fires once (delta 0 makes it inactive) until re-armed.
struct X11Idle::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Seconds threshold, X11Idle* source);
  ~Impl();

  X11Idle* owner;
  const std::int64_t threshold_ms;
  Display* display = nullptr;
  int sync_event_base = 0;
  XSyncCounter idletime = None;
  XSyncAlarm alarm = None;
  bool away = false;  ///< the armed trigger waits for input
  bool lost = false;  ///< the connection to the server broke
  Presence reported = Presence::active;
  asio::posix::stream_descriptor fd;

  void arm(bool wait_for_input);
  void pump();
  void on_alarm(const XSyncAlarmNotifyEvent& e);
  void report(Presence p, Instant since);
};

X11Idle::Impl::Impl(asio::io_context& io, Seconds threshold, X11Idle* source)
    : owner(source), threshold_ms(std::max<std::int64_t>(1000, threshold.count() * 1000)), fd(io) {
  const char* name = std::getenv("DISPLAY");
  if (!name || !*name) throw std::runtime_error("DISPLAY is not set");
  display = XOpenDisplay(nullptr);
  if (!display) throw std::runtime_error(std::string("cannot open display ") + name);
  try {
    int error_base = 0, major = 0, minor = 0;
    if (!XSyncQueryExtension(display, &sync_event_base, &error_base) || !XSyncInitialize(display, &major, &minor))
      throw std::runtime_error(std::string("display ") + name + " has no XSync extension");
    int n = 0;
    XSyncSystemCounter* counters = XSyncListSystemCounters(display, &n);
    for (int i = 0; i < n; ++i)
      if (std::strcmp(counters[i].name, "IDLETIME") == 0) idletime = counters[i].counter;
    if (counters) XSyncFreeSystemCounterList(counters);
    if (idletime == None) throw std::runtime_error(std::string("display ") + name + " has no IDLETIME counter");
  } catch (...) {
    XCloseDisplay(display);
    throw;
  }
  XSetErrorHandler(log_x_error);
  // Without these, a broken connection (the server went away) exits the
  // process; with them, Xlib marks the display dead and pump() notices.
  XSetIOErrorHandler(log_x_io_error);
  XSetIOErrorExitHandler(
      display, [](Display*, void* self) { static_cast<Impl*>(self)->lost = true; }, this);

  XSyncAlarmAttributes a{};
  a.trigger.counter = idletime;
  a.trigger.value_type = XSyncAbsolute;
  a.trigger.wait_value = sync_value(threshold_ms);
  a.trigger.test_type = XSyncPositiveComparison;
  a.delta = sync_value(0);
  a.events = True;
  alarm = XSyncCreateAlarm(
      display, XSyncCACounter | XSyncCAValueType | XSyncCAValue | XSyncCATestType | XSyncCADelta | XSyncCAEvents, &a);
  XFlush(display);
  fd.assign(ConnectionNumber(display));
}

X11Idle::Impl::~Impl() {
  fd.release();  // Xlib owns the fd
  if (!lost && alarm != None) XSyncDestroyAlarm(display, alarm);
  XCloseDisplay(display);
}

void X11Idle::Impl::arm(bool wait_for_input) {
  away = wait_for_input;
  XSyncAlarmAttributes a{};
  a.trigger.wait_value = sync_value(wait_for_input ? threshold_ms - 1 : threshold_ms);
  a.trigger.test_type = wait_for_input ? XSyncNegativeComparison : XSyncPositiveComparison;
  XSyncChangeAlarm(display, alarm, XSyncCAValue | XSyncCATestType, &a);
}

void X11Idle::Impl::on_alarm(const XSyncAlarmNotifyEvent& e) {
  if (e.alarm != alarm || e.state == XSyncAlarmDestroyed) return;
  // A notification of a trigger that is no longer armed is stale.
  std::int64_t armed = away ? threshold_ms - 1 : threshold_ms;
  if (from_sync_value(e.alarm_value) != armed) return;
  Instant now = wall_now();
  if (!away) {
    auto idle_for = std::chrono::floor<Seconds>(std::chrono::milliseconds(from_sync_value(e.counter_value)));
    report(Presence::idle, now - idle_for);
    arm(true);
  } else {
    report(Presence::active, now);
    arm(false);
  }
}

void X11Idle::Impl::report(Presence p, Instant since) {
  if (p == reported) return;
  reported = p;
  if (owner && owner->on_change) owner->on_change(p, since);
}

// Handles what Xlib has queued or can read now (XPending flushes our
// requests and reads the socket without blocking), then waits for the fd.
void X11Idle::Impl::pump() {
  while (!lost && XPending(display) > 0) {
    XEvent e;
    XNextEvent(display, &e);
    if (e.type == sync_event_base + XSyncAlarmNotify) on_alarm(reinterpret_cast<const XSyncAlarmNotifyEvent&>(e));
  }
  if (lost) {
    log::warning(_("x11 idle: lost the connection to the X server; counting wall-clock time from now"));
    fd.release();
    report(Presence::active, wall_now());
    return;
  }
  fd.async_wait(asio::posix::stream_descriptor::wait_read,
                [weak = weak_from_this()](const boost::system::error_code& ec) {
                  auto self = weak.lock();
                  if (self && !ec) self->pump();
                });
}

X11Idle::X11Idle(asio::io_context& io, Seconds threshold) : impl_(std::make_shared<Impl>(io, threshold, this)) {
  // The first pump runs from the loop: an idle person is then reported
  // after the caller has set on_change.
  asio::post(io, [weak = std::weak_ptr<Impl>(impl_)] {
    if (auto self = weak.lock()) self->pump();
  });
}

X11Idle::~X11Idle() {
  impl_->owner = nullptr;
  impl_.reset();
}

}  // namespace move
