# SPDX-License-Identifier: GPL-3.0-or-later
"""dbusmock template: mutter's org.gnome.Mutter.IdleMonitor, for test_idle.py.

    python3 -m dbusmock --template tests/integration/mutter_idle_monitor.py \
        -p '{"idletime": 0}'

GetIdletime answers the "idletime" parameter (ms). AddIdleWatch and
AddUserActiveWatch hand out ids 1, 2, ... as mutter does; RemoveWatch drops
one. Test only, on org.move.Test: Fire(id) emits WatchFired(id) and, as
mutter does, drops a user-active watch once fired; ListWatches gives
{id: "idle <ms>" | "active"}.
"""

import dbus

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
MAIN_OBJ = "/org/gnome/Mutter/IdleMonitor/Core"
MAIN_IFACE = "org.gnome.Mutter.IdleMonitor"
SYSTEM_BUS = False
TEST_IFACE = "org.move.Test"


def load(mock, parameters):
    mock.idletime = int(parameters.get("idletime", 0))
    mock.watches = {}
    mock.next_watch = 0
    mock.AddMethods(MAIN_IFACE, [
        ("GetIdletime", "", "t", "ret = dbus.UInt64(self.idletime)"),
        ("AddIdleWatch", "t", "u",
         "self.next_watch += 1\n"
         "self.watches[self.next_watch] = 'idle %d' % args[0]\n"
         "ret = dbus.UInt32(self.next_watch)"),
        ("AddUserActiveWatch", "", "u",
         "self.next_watch += 1\n"
         "self.watches[self.next_watch] = 'active'\n"
         "ret = dbus.UInt32(self.next_watch)"),
        ("RemoveWatch", "u", "", "self.watches.pop(int(args[0]), None)"),
    ])
    mock.AddMethods(TEST_IFACE, [
        ("Fire", "u", "",
         "self.EmitSignal('org.gnome.Mutter.IdleMonitor', 'WatchFired', 'u', [args[0]])\n"
         "if self.watches.get(int(args[0])) == 'active':\n"
         "    del self.watches[int(args[0])]"),
        ("ListWatches", "", "a{us}",
         "ret = dbus.Dictionary({dbus.UInt32(k): v for k, v in self.watches.items()}, signature='us')"),
    ])
