#!/usr/bin/python3
# tests/lib/browser.py: open a vdctl export-web link in headless Chromium
# and wait for the guest's screen on spice-html5's canvas, through the
# DevTools protocol (over a WebSocket client of its own: no module beyond
# python3's).
#
#   browser.py URL SHOT [SECONDS]
#
# Opens URL, then until SECONDS (default 30) have passed: counts the light
# pixels of the canvas (text of SeaBIOS, say).  As soon as there are some,
# or when time is up, saves a screenshot of the page to SHOT (PNG) and
# prints lines "light=N", "first_frame=S" (seconds from the navigation,
# or "none"), "status=TEXT" (the page's status line).  Exit 0 when a
# frame came, 1 when none came, 2 when Chromium could not be driven.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

LIGHT_JS = """(() => {
  const c = document.querySelector('#spice-screen canvas');
  if (!c || !c.width) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4)
    if (d[i] > 120 && d[i + 1] > 120 && d[i + 2] > 120) n++;
  return n;
})()"""
# Light pixels that make a guest screen: a line of text has hundreds.
MIN_LIGHT = 150


class Cdp:
    """A DevTools connection: the few lines of WebSocket (RFC 6455) it needs."""

    def __init__(self, ws_url):
        url = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((url.hostname, url.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n"
                           % (url.path, url.hostname, url.port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools refused the WebSocket")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("DevTools answered %r" % head.split(b"\r\n")[0])
        self.next_id = 0

    def _exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            data += chunk
        return data

    def _send_text(self, payload):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack(">BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack(">BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack(">BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _recv_message(self):
        message = b""
        while True:
            b1, b2 = self._exactly(2)
            n = b2 & 0x7f
            if n == 126:
                n = struct.unpack(">H", self._exactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exactly(8))[0]
            message += self._exactly(n)
            if b1 & 0x80:
                return message

    def call(self, method, **params):
        self.next_id += 1
        self._send_text(json.dumps({"id": self.next_id, "method": method,
                                    "params": params}).encode())
        while True:
            reply = json.loads(self._recv_message())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})


def start_chromium(profile):
    argv = ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
            "--window-size=1024,768", "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1", "--no-first-run",
            "--user-data-dir=" + profile, "about:blank"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    for _ in range(300):
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 1:
                port = int(lines[0])
                targets = json.load(urllib.request.urlopen(
                    "http://127.0.0.1:%d/json/list" % port, timeout=5))
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return proc, pages[0]["webSocketDebuggerUrl"]
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("chromium did not start its DevTools endpoint")


def value(cdp, expression):
    result = cdp.call("Runtime.evaluate", expression=expression, returnByValue=True)
    return result.get("result", {}).get("value")


def run(url, shot, seconds):
    profile = tempfile.mkdtemp(prefix="vdctl-chromium.")
    proc = None
    try:
        proc, ws_url = start_chromium(profile)
        cdp = Cdp(ws_url)
        cdp.call("Page.enable")
        start = time.monotonic()
        cdp.call("Page.navigate", url=url)
        light, first = 0, None
        while time.monotonic() - start < seconds:
            light = value(cdp, LIGHT_JS) or 0
            if light >= MIN_LIGHT:
                first = time.monotonic() - start
                # One more moment: the rest of the screen's text.
                time.sleep(0.5)
                light = value(cdp, LIGHT_JS) or 0
                break
            time.sleep(0.1)
        png = cdp.call("Page.captureScreenshot", format="png")["data"]
        with open(shot, "wb") as out:
            out.write(base64.b64decode(png))
        status = value(cdp, "document.getElementById('vdctl-status')?.textContent ?? ''")
        print("light=%d" % light)
        print("first_frame=%s" % ("%.2f" % first if first is not None else "none"))
        print("status=%s" % status)
        return 0 if first is not None else 1
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__ or "usage: browser.py URL SHOT [SECONDS]", file=sys.stderr)
        return 2
    try:
        return run(argv[0], argv[1], float(argv[2]) if len(argv) == 3 else 30)
    except Exception as e:  # noqa: BLE001 - one line for the test's log
        print("browser: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
