#!/usr/bin/python3
# spice-channels.py FILE.vv SHARED-DIR SECONDS [TYPE...]: connect to the
# SPICE server a .vv file names, with its password (never in an argv), and
# open every channel the server offers but USB redirection, the
# folder-sharing one included.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# remote-viewer opens the org.spice-space.webdav.0 channel only once its
# user ticks "Share folder" in Preferences (virt-viewer's session property
# share-folder, false at start); this client uses spice-gtk's own GObject
# API (SpiceClientGLib) and opens it at once. spice-gtk's debug log goes
# to stderr: one "NAME-TYPE:ID: channel up" line a linked channel, as with
# remote-viewer --spice-debug.
#
# USB redirection stays off (the session's enable-usbredir false, so
# spice-gtk makes no usbredir channel): a usbredir channel works only with
# a USB device manager behind it, which gives it its libusb backend, and
# without one spice-gtk fails assertions on it ("priv->host != NULL").
# The tests check USB redirection with remote-viewer, which has one.
#
# Done is: the server's channel list has come (a channel besides main is
# offered: the main channel opens before the server sends that list),
# every offered channel is up, a port channel (webdav is one) has its
# name from the server, and a channel of each TYPE (spice-gtk's names:
# webdav, playback, ...) is among them; and it still holds half a second
# later. Exits 0 then, 1 when SECONDS pass first or the main channel
# fails; its last line says which channels are up and which are missing.

import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject, SpiceClientGLib  # noqa: E402

GROUP = "virt-viewer"
SETTLE_MS = 500


def channel_name(channel):
    kind = SpiceClientGLib.Channel.type_to_string(channel.props.channel_type)
    return "%s:%d" % (kind, channel.props.channel_id)


def main():
    path, shared_dir, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    wanted = set(sys.argv[4:])
    vv = GLib.KeyFile()
    vv.load_from_file(path, GLib.KeyFileFlags.NONE)

    SpiceClientGLib.util_set_debug(True)
    session = SpiceClientGLib.Session()
    session.props.host = vv.get_string(GROUP, "host")
    session.props.port = str(vv.get_integer(GROUP, "port"))
    session.props.password = vv.get_string(GROUP, "password")
    session.props.shared_dir = shared_dir
    session.props.enable_usbredir = False

    loop = GLib.MainLoop()
    offered = []
    opened = set()
    state = {"rc": 1, "settle": 0}

    def ready(channel):
        if channel not in opened:
            return False
        if isinstance(channel, SpiceClientGLib.PortChannel):
            return bool(channel.props.port_name)
        return True

    def done():
        if not any(not isinstance(c, SpiceClientGLib.MainChannel) for c in offered):
            return False
        if not all(ready(c) for c in offered):
            return False
        kinds = {SpiceClientGLib.Channel.type_to_string(c.props.channel_type) for c in offered}
        return wanted <= kinds

    def settled():
        state["settle"] = 0
        if done():
            state["rc"] = 0
            loop.quit()
        return False

    def check():
        if done() and not state["settle"]:
            state["settle"] = GLib.timeout_add(SETTLE_MS, settled)

    def on_event(channel, event):
        if event == SpiceClientGLib.ChannelEvent.OPENED:
            opened.add(channel)
            check()
            return
        print("spice-channels: %s: %s" % (channel_name(channel), event.value_nick),
              file=sys.stderr)
        if event == SpiceClientGLib.ChannelEvent.SWITCHING:
            return
        opened.discard(channel)
        if isinstance(channel, SpiceClientGLib.MainChannel) and \
           event != SpiceClientGLib.ChannelEvent.CLOSED:
            loop.quit()

    def on_port_name(channel, _pspec):
        check()

    def on_channel_new(_session, channel):
        offered.append(channel)
        GObject.Object.connect(channel, "channel-event", on_event)
        if isinstance(channel, SpiceClientGLib.PortChannel):
            GObject.Object.connect(channel, "notify::port-name", on_port_name)
        channel.connect()

    def timed_out():
        loop.quit()
        return False

    # Session.connect is spice_session_connect: the signal API is GObject's.
    GObject.Object.connect(session, "channel-new", on_channel_new)
    if not session.connect():
        print("spice-channels: cannot connect", file=sys.stderr)
        return 1
    GLib.timeout_add_seconds(seconds, timed_out)
    loop.run()

    up = sorted(channel_name(c) for c in offered if ready(c))
    missing = sorted(channel_name(c) for c in offered if not ready(c))
    kinds = {SpiceClientGLib.Channel.type_to_string(c.props.channel_type) for c in offered}
    missing += sorted("%s (not offered)" % k for k in wanted - kinds)
    print("spice-channels: %s; up: %s; missing: %s"
          % ("done" if state["rc"] == 0 else "not done",
             " ".join(up) or "none", " ".join(missing) or "none"), file=sys.stderr)
    session.disconnect()
    return state["rc"]


if __name__ == "__main__":
    sys.exit(main())
