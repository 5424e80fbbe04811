#!/usr/bin/env python3
# make-seeds.py: write the hand-made seeds under fuzz/seeds/ (the files are
# in git; this says what they hold and makes them again).
#
#   domain-settings/  the settings part of fuzz-domain's input (the replay
#                     tests and build-aux/fuzz.sh put each in front of
#                     domain documents)
#   values/           fuzz-values: selector byte, parameter byte, text
#   vvfile/           fuzz-vvfile: five bytes, then NUL-separated strings
#   rdpfile/          fuzz-rdpfile: settings, each an operation byte, then
#                     a NUL-terminated key when the byte picks none, then 8
#                     bytes of integer or a NUL-terminated string
#
# The layouts are described at the top of each fuzz-<target>.c.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# fuzz-domain.c's tables, by index
LISTEN = {None: 0, '127.0.0.1': 1, '0.0.0.0': 2, '::': 3, '::1': 4, '[::1]': 5,
          '2001:db8::1': 7}
VIDEO = {None: 0, 'qxl': 1, 'virtio': 2, 'vga': 3}
SOUND = {None: 0, 'ich9': 1, 'ich6': 2, 'ac97': 3, 'none': 4}
UNSET, YES, NO = 0, 1, 2


def settings(spice=UNSET, usb3=UNSET, tls=UNSET, password=UNSET, listen=None,
             port=None, usbredir=None, video=None, sound=None, memory_mib=None,
             memory_odd=None, port_odd=None, vcpus=0, agents=False, password_value=b''):
    if port is None and port_odd is None:
        port_bytes = bytes([0, 0, 0])
    elif port_odd is not None:
        port_bytes = bytes([3, port_odd, 0])
    elif port == 'auto':
        port_bytes = bytes([1, 0, 0])
    else:
        port_bytes = bytes([2]) + struct.pack('>H', port)
    if memory_odd is not None:
        memory_bytes = bytes([3, memory_odd, 0])
    elif memory_mib is None:
        memory_bytes = bytes([0, 0, 0])
    elif memory_mib % 1024 == 0 and memory_mib // 1024 < 65536:
        memory_bytes = bytes([2]) + struct.pack('>H', memory_mib // 1024)
    else:
        memory_bytes = bytes([1]) + struct.pack('>H', memory_mib)
    head = bytes([spice, usb3, tls, password, LISTEN[listen]]) + port_bytes
    head += bytes([16 if usbredir is None else usbredir, VIDEO[video], SOUND[sound]])
    head += memory_bytes + struct.pack('>H', vcpus) + bytes([1 if agents else 0])
    head += bytes([len(password_value)]) + password_value
    return head


DOMAIN_SETTINGS = {
    '00-nothing': settings(),
    '01-create-defaults': settings(spice=YES, usb3=NO, password=YES, listen='127.0.0.1',
                                  port='auto', usbredir=2, video='qxl', sound='ich9',
                                  memory_mib=4096, vcpus=2, agents=True,
                                  password_value=b'Secret123'),
    '02-usb3-any-fixed-port': settings(usb3=YES, listen='0.0.0.0', port=5901, usbredir=4,
                                      password=YES,
                                      password_value='p<&\'">\u00e9'.encode()),
    '03-no-spice': settings(spice=NO, usbredir=0, video='vga', sound='none'),
    '04-tls-auto': settings(tls=YES, port='auto', listen='::', password=NO),
    '05-memory-vcpus': settings(memory_mib=8192, vcpus=4, video='virtio', sound='ac97'),
    '06-odd-values': settings(listen='[::1]', port_odd=2, usbredir=15, memory_odd=5,
                              password=YES, password_value=b'x' * 61),
    '07-no-tls-usb2': settings(tls=NO, usb3=NO, usbredir=6, listen='2001:db8::1',
                               password=YES, password_value=b'line\nbreak'),
}

VALUES = [
    (0, 0, b'127.0.0.1'), (0, 0, b'[::1]'), (0, 0, b'fe80::1%eth0'), (0, 0, b'0.0.0.0'),
    (0, 0, b'[10.0.0.1]'), (1, 1, b'auto'), (1, 0, b'5901'), (1, 0, b'65536'),
    (1, 0, b'+5901'), (2, 0, b'15'), (2, 1, b'4096'), (2, 4, b'18446744073709551615'),
    (3, 0, b'4096'), (3, 0, b'1.5G'), (3, 0, b'2048MiB'), (3, 0, b'16T'),
    (4, 0, b'20'), (4, 0, b'0.5t'), (4, 0, b'512M'), (4, 0, b'1.000001k'),
    (5, 0, b'lab-01'), (5, 0, 'caf\u00e9/x'.encode()), (5, 0, b'a\x7fb'),
    (6, 0, b's3cret pass'), (6, 0, b'bad\x01'), (6, 0, b'\xc2\x85'),
    (7, 0, b'qxl'), (7, 1, b'none'), (7, 2, b'a b'),
    (8, 0, b'0x03,-1,-1,-1,0|-1,-1,-1,-1,1'), (8, 0, b' 0x08 ,0x1234,-1,0x0100, 1 '),
    (9, 0, b'http://proxy.example.com:3128'), (9, 0, b'socks5://x'), (9, 0, b'https://[::1]/'),
    (10, 0, b'::1'), (10, 0, b'0.0.0.0'),
]


def vv(port=0, tls_port=0, flags=0, fields=()):
    head = struct.pack('>HHB', port + 1 if port else 0, tls_port + 1 if tls_port else 0, flags)
    return head + b'\0'.join(f.encode() if isinstance(f, str) else f for f in fields)


VVFILE = {
    'typical': vv(5901, 0, 1 | 2 | 8, ['127.0.0.1', 'Secret123', 'lab-01 (vdctl)',
                                       '-1,-1,-1,-1,1']),
    'everything': vv(5900, 5901, 1 | 2 | 4, [
        '::1', 'p', 'title', '0x03,-1,-1,-1,0|-1,-1,-1,-1,1', 'http://proxy:3128',
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        'CN=host,O=Example', 'ctrl+alt+end', 'shift+f12', 'shift+f11']),
    'injection': vv(1, 0, 0, [
        'h\n[evil]\nkey=1', 'a\nport=1', '[virt-viewer]', 'x\r\ntype=vnc', '#comment',
        '\\n\\s\\\\', '=;,', ' lead', 'trail ', '\t\ttab']),
    'not-utf8': vv(0, 0, 8, [b'\xff\xfe', b'ok', b'\xc3']),
    'empty': vv(0, 0, 0, ['', '', '', '', '', '', '', '', '', '']),
}


# fuzz-rdpfile.c's KEYS, by index
RDP_KEYS = ['full address', 'server port', 'username', 'domain', 'screen mode id',
            'Full Address', 'USERNAME', 'drivestoredirect', 'usbdevicestoredirect',
            'audiomode', 'redirectclipboard']
OWN_KEY = 0x7f


def rdp_int(key, value):
    if key in RDP_KEYS:
        return bytes([RDP_KEYS.index(key) << 1 | 1]) + struct.pack('>q', value)
    return bytes([OWN_KEY << 1 | 1]) + key.encode() + b'\0' + struct.pack('>q', value)


def rdp_str(key, value):
    value = value.encode() if isinstance(value, str) else value
    if key in RDP_KEYS:
        return bytes([RDP_KEYS.index(key) << 1]) + value + b'\0'
    return bytes([OWN_KEY << 1]) + key.encode() + b'\0' + value + b'\0'


RDPFILE = {
    'desktop': rdp_str('full address', '192.168.122.10') + rdp_int('server port', 3389) +
               rdp_str('username', 'user') + rdp_int('screen mode id', 2) +
               rdp_int('audiomode', 0) + rdp_str('drivestoredirect', '/home/u(home);/tmp(t)') +
               rdp_str('usbdevicestoredirect', 'USB\\VID_054C&PID_0268'),
    'replace': rdp_str('username', 'a') + rdp_str('USERNAME', 'b') + rdp_int('Full Address', -1) +
               rdp_int('full address', 1 << 62),
    'injection': rdp_str('username', 'a\r\nusername:s:evil') + rdp_str('domain', 'x\u2028y') +
                 rdp_str('domain', b'\xff') + rdp_str('own key', '/admin') +
                 rdp_str('a:b', 'c') + rdp_str('/v', 'x') + rdp_int(' lead', 1),
    'unicode': rdp_str('domain', '\u00e9\u4e2d\U0001f600') + rdp_str('username', 'tab\there'),
}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def main():
    for name, data in DOMAIN_SETTINGS.items():
        write(os.path.join(HERE, 'domain-settings', name + '.bin'), data)
    for i, (selector, param, text) in enumerate(VALUES):
        write(os.path.join(HERE, 'values', '%02d.bin' % i), bytes([selector, param]) + text)
    for name, data in VVFILE.items():
        write(os.path.join(HERE, 'vvfile', name + '.bin'), data)
    for name, data in RDPFILE.items():
        write(os.path.join(HERE, 'rdpfile', name + '.bin'), data)
    return 0


if __name__ == '__main__':
    sys.exit(main())
