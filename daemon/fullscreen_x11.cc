// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/fullscreen_x11.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace asio = boost::asio;

namespace {

// Xlib's default handler exits the process on any protocol error. The
// active window may be destroyed between its PropertyNotify and our reads
// (BadWindow): expected, and handled by the next event. (Process-wide, as
// idle_x11's: both only log.)
int log_x_error(Display* display, XErrorEvent* e) {
  if (e->error_code == BadWindow) return 0;
  char text[256] = "";
  XGetErrorText(display, e->error_code, text, sizeof text);
  log::warning(strprintf(_("x11: X error: %1$s"), text));
  return 0;
}

int log_x_io_error(Display*) {
  log::debug("x11 full screen: the X connection broke");
  return 0;
}

}  // namespace

struct X11Fullscreen::Impl : std::enable_shared_from_this<Impl> {
  explicit Impl(asio::io_context& io, X11Fullscreen* owner);
  ~Impl();

  X11Fullscreen* owner;
  Display* display = nullptr;
  Window root = None;
  Window active = None;
  Atom net_active_window = None, net_wm_state = None, fullscreen_atom = None;
  bool fullscreen = false;
  bool lost = false;
  asio::posix::stream_descriptor fd;

  Window read_active() const;
  bool read_fullscreen(Window w) const;
  void follow_active();
  void evaluate();
  void pump();
};

X11Fullscreen::Impl::Impl(asio::io_context& io, X11Fullscreen* source) : owner(source), fd(io) {
  const char* name = std::getenv("DISPLAY");
  if (!name || !*name) throw std::runtime_error("DISPLAY is not set");
  display = XOpenDisplay(nullptr);
  if (!display) throw std::runtime_error(std::string("cannot open display ") + name);
  XSetErrorHandler(log_x_error);
  XSetIOErrorHandler(log_x_io_error);
  XSetIOErrorExitHandler(
      display, [](Display*, void* self) { static_cast<Impl*>(self)->lost = true; }, this);
  root = DefaultRootWindow(display);
  net_active_window = XInternAtom(display, "_NET_ACTIVE_WINDOW", False);
  net_wm_state = XInternAtom(display, "_NET_WM_STATE", False);
  fullscreen_atom = XInternAtom(display, "_NET_WM_STATE_FULLSCREEN", False);
  XSelectInput(display, root, PropertyChangeMask);
  follow_active();
  fullscreen = read_fullscreen(active);
  XFlush(display);
  fd.assign(ConnectionNumber(display));
}

X11Fullscreen::Impl::~Impl() {
  fd.release();  // Xlib owns the fd
  XCloseDisplay(display);
}

// The root's _NET_ACTIVE_WINDOW (type WINDOW; any 32-bit type is taken).
Window X11Fullscreen::Impl::read_active() const {
  Atom type = None;
  int format = 0;
  unsigned long n = 0, after = 0;
  unsigned char* data = nullptr;
  Window w = None;
  if (XGetWindowProperty(display, root, net_active_window, 0, 1, False, AnyPropertyType, &type, &format, &n, &after,
                         &data) == Success &&
      data && format == 32 && n == 1)
    w = static_cast<Window>(reinterpret_cast<unsigned long*>(data)[0]);
  if (data) XFree(data);
  return w;
}

bool X11Fullscreen::Impl::read_fullscreen(Window w) const {
  if (w == None) return false;
  Atom type = None;
  int format = 0;
  unsigned long n = 0, after = 0;
  unsigned char* data = nullptr;
  bool found = false;
  if (XGetWindowProperty(display, w, net_wm_state, 0, 64, False, XA_ATOM, &type, &format, &n, &after, &data) ==
          Success &&
      data && format == 32) {
    const auto* atoms = reinterpret_cast<const unsigned long*>(data);
    for (unsigned long i = 0; i < n; ++i)
      if (atoms[i] == fullscreen_atom) found = true;
  }
  if (data) XFree(data);
  return found;
}

// Moves the PropertyChangeMask from the previous active window to the new one.
void X11Fullscreen::Impl::follow_active() {
  const Window w = read_active();
  if (w == active) return;
  if (active != None && active != root) XSelectInput(display, active, NoEventMask);
  active = w;
  if (active != None && active != root) XSelectInput(display, active, PropertyChangeMask);
}

void X11Fullscreen::Impl::evaluate() {
  const bool now = read_fullscreen(active);
  if (now == fullscreen) return;
  fullscreen = now;
  if (owner && owner->on_change) owner->on_change(now);
}

void X11Fullscreen::Impl::pump() {
  bool changed = false;
  while (!lost && XPending(display) > 0) {
    XEvent e;
    XNextEvent(display, &e);
    if (e.type != PropertyNotify) continue;
    const XPropertyEvent& p = e.xproperty;
    if (p.window == root && p.atom == net_active_window) {
      follow_active();
      changed = true;
    } else if (p.window == active && p.atom == net_wm_state) {
      changed = true;
    }
  }
  if (!lost && changed) evaluate();
  if (lost) {
    log::warning(_("x11 full screen: lost the connection to the X server; full-screen windows are not followed"));
    fd.release();
    if (fullscreen && owner && owner->on_change) owner->on_change(false);
    fullscreen = false;
    return;
  }
  fd.async_wait(asio::posix::stream_descriptor::wait_read,
                [weak = weak_from_this()](const boost::system::error_code& ec) {
                  auto self = weak.lock();
                  if (self && !ec) self->pump();
                });
}

X11Fullscreen::X11Fullscreen(asio::io_context& io) : impl_(std::make_shared<Impl>(io, this)) {
  // From the loop: a full-screen window at start is reported after the
  // caller has set on_change.
  asio::post(io, [weak = std::weak_ptr<Impl>(impl_)] {
    auto self = weak.lock();
    if (!self) return;
    if (self->fullscreen && self->owner && self->owner->on_change) self->owner->on_change(true);
    self->pump();
  });
}

X11Fullscreen::~X11Fullscreen() {
  impl_->owner = nullptr;
  impl_.reset();
}

}  // namespace move
