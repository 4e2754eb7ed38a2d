// SPDX-License-Identifier: GPL-3.0-or-later
/* idle_wayland_server: the smallest Wayland server that speaks
 * ext-idle-notify-v1, for tests/integration/test_idle.py (no Debian 12
 * compositor implements the protocol).
 *
 *   idle_wayland_server [--no-idle-notifier]
 *
 * Listens on a socket in $XDG_RUNTIME_DIR; advertises wl_seat (no
 * capabilities) and, unless told not to, ext_idle_notifier_v1.
 * stdout, one line each:
 *   socket NAME               first: the socket, for WAYLAND_DISPLAY
 *   notification TIMEOUT_MS   a client asked for an idle notification
 *   destroyed                 a client destroyed its notification
 *   ok                        a command was carried out
 * stdin, one command a line:
 *   idle      sends `idled` to every notification that is not idle
 *   active    sends `resumed` to every notification that is idle
 * End of stdin or SIGTERM ends it with status 0. */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-server.h>

#include "ext-idle-notify-v1-server-protocol.h"

struct notification {
  struct wl_resource* resource;
  struct wl_list link;
  int idle;
};

static struct wl_list notifications;
static struct wl_display* display;

static void say(const char* line) {
  printf("%s\n", line);
  fflush(stdout);
}

static void destroy_resource(struct wl_client* client, struct wl_resource* resource) {
  (void)client;
  wl_resource_destroy(resource);
}

static void notification_gone(struct wl_resource* resource) {
  struct notification* n = wl_resource_get_user_data(resource);
  wl_list_remove(&n->link);
  free(n);
  say("destroyed");
}

static const struct ext_idle_notification_v1_interface notification_impl = {
    .destroy = destroy_resource,
};

static void get_idle_notification(struct wl_client* client, struct wl_resource* notifier, uint32_t id, uint32_t timeout,
                                  struct wl_resource* seat) {
  (void)seat;
  struct notification* n = calloc(1, sizeof *n);
  n->resource = wl_resource_create(client, &ext_idle_notification_v1_interface, wl_resource_get_version(notifier), id);
  wl_resource_set_implementation(n->resource, &notification_impl, n, notification_gone);
  wl_list_insert(&notifications, &n->link);
  char line[64];
  snprintf(line, sizeof line, "notification %u", timeout);
  say(line);
}

static const struct ext_idle_notifier_v1_interface notifier_impl = {
    .destroy = destroy_resource,
    .get_idle_notification = get_idle_notification,
};

static void bind_notifier(struct wl_client* client, void* data, uint32_t version, uint32_t id) {
  (void)data;
  struct wl_resource* r = wl_resource_create(client, &ext_idle_notifier_v1_interface, (int)version, id);
  wl_resource_set_implementation(r, &notifier_impl, NULL, NULL);
}

static void seat_get_nothing(struct wl_client* client, struct wl_resource* seat, uint32_t id) {
  (void)client, (void)seat, (void)id;
  wl_resource_post_error(seat, WL_DISPLAY_ERROR_INVALID_METHOD, "this seat has no devices");
}

static const struct wl_seat_interface seat_impl = {
    .get_pointer = seat_get_nothing,
    .get_keyboard = seat_get_nothing,
    .get_touch = seat_get_nothing,
};

static void bind_seat(struct wl_client* client, void* data, uint32_t version, uint32_t id) {
  (void)data;
  struct wl_resource* r = wl_resource_create(client, &wl_seat_interface, (int)version, id);
  wl_resource_set_implementation(r, &seat_impl, NULL, NULL);
  wl_seat_send_capabilities(r, 0);
}

static void send_all(int idle) {
  struct notification* n;
  wl_list_for_each(n, &notifications, link) {
    if (n->idle == idle) continue;
    n->idle = idle;
    if (idle)
      ext_idle_notification_v1_send_idled(n->resource);
    else
      ext_idle_notification_v1_send_resumed(n->resource);
  }
  wl_display_flush_clients(display);
}

static char input[256];
static size_t input_len;

static int on_stdin(int fd, uint32_t mask, void* data) {
  (void)mask, (void)data;
  ssize_t n = read(fd, input + input_len, sizeof input - input_len - 1);
  if (n <= 0) {
    wl_display_terminate(display);
    return 0;
  }
  input_len += (size_t)n;
  char* end;
  while ((end = memchr(input, '\n', input_len))) {
    *end = '\0';
    if (strcmp(input, "idle") == 0) {
      send_all(1);
      say("ok");
    } else if (strcmp(input, "active") == 0) {
      send_all(0);
      say("ok");
    } else {
      say("error");
    }
    size_t used = (size_t)(end - input) + 1;
    memmove(input, end + 1, input_len - used);
    input_len -= used;
  }
  if (input_len == sizeof input - 1) input_len = 0; /* a line too long: drop it */
  return 0;
}

static int on_sigterm(int sig, void* data) {
  (void)sig, (void)data;
  wl_display_terminate(display);
  return 0;
}

int main(int argc, char** argv) {
  int with_notifier = !(argc > 1 && strcmp(argv[1], "--no-idle-notifier") == 0);
  wl_list_init(&notifications);
  display = wl_display_create();
  if (!display) return 1;
  const char* name = wl_display_add_socket_auto(display);
  if (!name) {
    fprintf(stderr, "idle_wayland_server: cannot add a socket (is XDG_RUNTIME_DIR set?)\n");
    return 1;
  }
  wl_global_create(display, &wl_seat_interface, 1, NULL, bind_seat);
  if (with_notifier) wl_global_create(display, &ext_idle_notifier_v1_interface, 1, NULL, bind_notifier);
  struct wl_event_loop* loop = wl_display_get_event_loop(display);
  struct wl_event_source* in = wl_event_loop_add_fd(loop, STDIN_FILENO, WL_EVENT_READABLE, on_stdin, NULL);
  struct wl_event_source* term = wl_event_loop_add_signal(loop, SIGTERM, on_sigterm, NULL);
  char line[128];
  snprintf(line, sizeof line, "socket %s", name);
  say(line);
  wl_display_run(display);
  wl_event_source_remove(in);
  wl_event_source_remove(term);
  wl_display_destroy_clients(display);
  wl_display_destroy(display);
  return 0;
}
