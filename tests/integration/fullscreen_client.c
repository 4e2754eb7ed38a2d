// SPDX-License-Identifier: GPL-3.0-or-later
// A real window on a bare X server (Xvfb, no window manager) that does for
// the test what a window manager does for the person: it keeps the EWMH
// properties, the root's _NET_ACTIVE_WINDOW and the window's _NET_WM_STATE.
// A window manager sets _NET_WM_STATE_FULLSCREEN when a client asks for
// full screen (F11 in a browser, a video call's full-screen view) and
// _NET_ACTIVE_WINDOW when the focus moves; this client writes the same
// properties itself, so moved sees the same PropertyNotify events.
//
// Commands on stdin, one a line; each answers "ok" once the X server has it:
//   fullscreen   the window covers the screen, _NET_WM_STATE = FULLSCREEN
//   normal       _NET_WM_STATE = (empty), a smaller window
//   other        a second, normal window becomes the active one
//   back         the first window is active again
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <string.h>

static Display* d;
static Window root, win, other;
static Atom active, state, full;

static void set_active(Window w) {
  unsigned long v = w;
  XChangeProperty(d, root, active, XA_WINDOW, 32, PropModeReplace, (unsigned char*)&v, 1);
}

static void set_state(Window w, int fullscreen) {
  unsigned long v = full;
  XChangeProperty(d, w, state, XA_ATOM, 32, PropModeReplace, (unsigned char*)&v, fullscreen ? 1 : 0);
}

int main(void) {
  d = XOpenDisplay(NULL);
  if (!d) {
    fprintf(stderr, "fullscreen_client: cannot open display\n");
    return 1;
  }
  root = DefaultRootWindow(d);
  active = XInternAtom(d, "_NET_ACTIVE_WINDOW", False);
  state = XInternAtom(d, "_NET_WM_STATE", False);
  full = XInternAtom(d, "_NET_WM_STATE_FULLSCREEN", False);
  const int sw = DisplayWidth(d, DefaultScreen(d)), sh = DisplayHeight(d, DefaultScreen(d));
  win = XCreateSimpleWindow(d, root, 10, 10, 400, 300, 0, 0, 0);
  other = XCreateSimpleWindow(d, root, 50, 50, 200, 100, 0, 0, 0);
  XStoreName(d, win, "move test window");
  XMapWindow(d, win);
  XMapWindow(d, other);
  set_state(win, 0);
  set_state(other, 0);
  set_active(win);
  XSync(d, False);
  printf("ready\n");
  fflush(stdout);
  char line[64];
  while (fgets(line, sizeof line, stdin)) {
    if (strncmp(line, "fullscreen", 10) == 0) {
      XMoveResizeWindow(d, win, 0, 0, (unsigned)sw, (unsigned)sh);
      set_state(win, 1);
    } else if (strncmp(line, "normal", 6) == 0) {
      XMoveResizeWindow(d, win, 10, 10, 400, 300);
      set_state(win, 0);
    } else if (strncmp(line, "other", 5) == 0) {
      set_active(other);
    } else if (strncmp(line, "back", 4) == 0) {
      set_active(win);
    }
    XSync(d, False);
    printf("ok\n");
    fflush(stdout);
  }
  XCloseDisplay(d);
  return 0;
}
