#!/usr/bin/python3
# spice-channels.py FILE.vv SHARED-DIR SECONDS: connect to the SPICE
# server a .vv file names, with its password (never in an argv), and open
# every channel the server offers, the folder-sharing one included.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# remote-viewer opens the org.spice-space.webdav.0 channel only once its
# user ticks "Share folder" in Preferences (virt-viewer's session property
# share-folder, false at start); this client uses spice-gtk's own GObject
# API (SpiceClientGLib) and opens it at once. spice-gtk's debug log goes
# to stderr: one "NAME-TYPE:ID: channel up" line a linked channel, as with
# remote-viewer --spice-debug. Exits 0 once every offered channel is up,
# 1 when SECONDS pass first.

import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject, SpiceClientGLib  # noqa: E402

GROUP = "virt-viewer"


def main():
    path, shared_dir, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    vv = GLib.KeyFile()
    vv.load_from_file(path, GLib.KeyFileFlags.NONE)

    SpiceClientGLib.util_set_debug(True)
    session = SpiceClientGLib.Session()
    session.props.host = vv.get_string(GROUP, "host")
    session.props.port = str(vv.get_integer(GROUP, "port"))
    session.props.password = vv.get_string(GROUP, "password")
    session.props.shared_dir = shared_dir

    loop = GLib.MainLoop()
    offered = []
    opened = set()
    result = {"rc": 1}

    def on_event(channel, event):
        if event == SpiceClientGLib.ChannelEvent.OPENED:
            opened.add(channel)
            if len(opened) == len(offered):
                result["rc"] = 0
                GLib.timeout_add(500, loop.quit)

    def on_channel_new(_session, channel):
        offered.append(channel)
        GObject.Object.connect(channel, "channel-event", on_event)
        channel.connect()

    # Session.connect is spice_session_connect: the signal API is GObject's.
    GObject.Object.connect(session, "channel-new", on_channel_new)
    if not session.connect():
        print("spice-channels: cannot connect", file=sys.stderr)
        return 1
    GLib.timeout_add_seconds(seconds, loop.quit)
    loop.run()
    session.disconnect()
    return result["rc"]


if __name__ == "__main__":
    sys.exit(main())
