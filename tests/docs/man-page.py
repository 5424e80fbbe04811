#!/usr/bin/env python3
# The man page against the binary: every command and every option that
# 'vdctl complete' reads from the command table is documented in the right
# place, nothing documented is missing from the binary, the JSON keys the
# commands print are documented, and the page renders without warnings.
#
# Usage: man-page.py VDCTL.RST VDCTL.1   (the built ones)
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import json
import os
import re
import shutil
import subprocess
import sys

import docutils.core
import docutils.nodes
import docutils.utils

VDCTL = os.environ["VDCTL"]
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS",
            "POOLS", "EXIT STATUS", "JSON OUTPUT", "ENVIRONMENT", "FILES", "SECURITY",
            "EXAMPLES"]
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z0-9][A-Za-z0-9-]*)")

results = []


def check(ok, name, *details):
    results.append((ok, name, details))


def complete(*words):
    """What 'vdctl complete' offers after WORDS (the last is the current)."""
    out = subprocess.run([VDCTL, "complete", "--", "vdctl", *words],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


def two_word_commands():
    """The two-word commands ("pool create") as 'vdctl --help' lists them."""
    out = subprocess.run([VDCTL, "--help"], capture_output=True, text=True,
                         check=True).stdout
    return re.findall(r"^  ([a-z][a-z0-9-]*) ([a-z][a-z0-9-]*)  ", out, re.M)


def vdctl_json(*args):
    out = subprocess.run([VDCTL, "--connect", "test:///default", *args],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def sessions_json():
    """'sessions --json' on the CLI cases' made-up socket table and state."""
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "data")
    env = dict(os.environ, VDCTL_PROC_NET=os.path.join(data, "proc-net"),
               VDCTL_STATE_DIR=os.path.join(data, "session-state"))
    out = subprocess.run([VDCTL, "--connect", "test://" + os.path.abspath(data) + "/sessions.xml",
                          "sessions", "--json"],
                         capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out)


def short_options(command):
    """The short options GOption lists in 'vdctl [COMMAND] --help'."""
    args = [VDCTL, *command.split(), "--help"] if command else [VDCTL, "--help"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    found = set(re.findall(r"^\s+(-[A-Za-z0-9]), --", out, re.M))
    if command:
        found.discard("-h")     # GOption's own --help, in every command
    return found


# ---- the page's structure, from the reStructuredText -------------------

def read_doctree(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    settings = {"report_level": docutils.utils.Reporter.SEVERE_LEVEL + 1,
                "halt_level": docutils.utils.Reporter.SEVERE_LEVEL + 1}
    return docutils.core.publish_doctree(text, source_path=path,
                                         settings_overrides=settings)


def title_of(section):
    return section.next_node(docutils.nodes.title).astext()


def sections(node):
    return [c for c in node.children if isinstance(c, docutils.nodes.section)]


def documented_options(node):
    """Options named in the terms of NODE's own definition lists (not in
    its subsections)."""
    found = set()
    for child in node.children:
        if isinstance(child, docutils.nodes.definition_list):
            for term in child.findall(docutils.nodes.term):
                found.update(OPTION.findall(term.astext()))
    return found


def term_words(node):
    """The literal words in the terms of NODE's own definition lists."""
    found = set()
    for child in node.children:
        if isinstance(child, docutils.nodes.definition_list):
            for term in child.findall(docutils.nodes.term):
                found.update(n.astext() for n in term.findall(docutils.nodes.literal))
    return found


def main():
    rst_path, man_path = sys.argv[1], sys.argv[2]
    doctree = read_doctree(rst_path)
    top = {title_of(s): s for s in sections(doctree)}

    # Sections the page must have.  NAME comes from the title.
    for name in SECTIONS:
        if name == "NAME":
            ok = doctree.get("title", "") == "vdctl" or any(
                isinstance(c, docutils.nodes.title) and c.astext() == "vdctl"
                for c in doctree.children)
            check(ok, "the page is titled vdctl (its NAME)")
        else:
            check(name in top, f"section {name}")

    commands = complete("")
    check(len(commands) > 0, "'vdctl complete' lists commands", f"got {commands}")
    # A two-word command is offered as its first word, then its verbs.
    pairs = two_word_commands()
    groups = sorted({group for group, _ in pairs})
    for group in groups:
        verbs = [verb for g, verb in pairs if g == group]
        offered = complete(group, "")
        check(offered == verbs, f"'vdctl complete' offers the verbs of '{group}'",
              f"got {offered}, 'vdctl --help' lists {verbs}")
        if group in commands:
            commands.remove(group)
        commands += [f"{group} {verb}" for verb in verbs]
    global_options = complete("--")
    check("--connect" in global_options, "'vdctl complete' lists global options",
          f"got {global_options}")

    documented_global = documented_options(top["GLOBAL OPTIONS"]) if "GLOBAL OPTIONS" in top else set()
    for option in global_options:
        check(option in documented_global, f"global option {option} is in GLOBAL OPTIONS",
              f"documented there: {sorted(documented_global)}")

    global_shorts = short_options(None)
    for short in sorted(global_shorts):
        check(short in documented_global, f"global option {short} is in GLOBAL OPTIONS")

    # Commands are described under COMMANDS, and the pool commands and
    # reset under POOLS; a title starts with the command's name.
    subsections = {}
    for where in ("COMMANDS", "POOLS"):
        for s in sections(top[where]) if where in top else []:
            words = title_of(s).split()
            name = " ".join(words[:2]) if words[0] in groups else words[0]
            subsections[name] = s

    for command in commands:
        section = subsections.get(command)
        check(section is not None, f"command '{command}' has its section in COMMANDS",
              f"sections: {sorted(subsections)}")
        if section is None:
            continue
        options = complete(*command.split(), "--")
        documented = documented_options(section)
        for option in options:
            where_ok = option in documented or (option in global_options and
                                                option in documented_global)
            check(where_ok, f"{command} {option} is documented under '{title_of(section)}'",
                  f"documented there: {sorted(documented)}")
        # Completion offers long options only; short ones are checked
        # against GOption's listing in 'COMMAND --help'.
        for option in sorted(o for o in documented - set(options) if o.startswith("--")):
            check(False, f"{command} {option} (documented) exists in the binary",
                  f"the binary's options: {options}")
        shorts = short_options(command)
        for short in sorted(shorts):
            where_ok = short in documented or (short in global_shorts and
                                               short in documented_global)
            check(where_ok, f"{command} {short} is documented under '{title_of(section)}'")
        for short in sorted(o for o in documented if not o.startswith("--")):
            check(short in shorts, f"{command} {short} (documented) exists in the binary",
                  f"the binary's short options: {sorted(shorts)}")

    for name in sorted(set(subsections) - set(commands)):
        check(False, f"documented command '{name}' exists in the binary",
              f"the binary's commands: {commands}")

    # JSON keys, from what the commands print.
    json_text = top["JSON OUTPUT"].astext() if "JSON OUTPUT" in top else ""
    shown = vdctl_json("show", "test", "--json")
    listed = vdctl_json("list", "--json")
    created = vdctl_json("create", "lab-01", "--listen", "0.0.0.0", "--json")
    sessions = sessions_json()
    keys = [("show --json", shown.keys()),
            ("list --json", set().union(*(o.keys() for o in listed))),
            ("create --json", created[0].keys()),
            ("sessions --json", set().union(*(o.keys() for o in sessions)))]
    for what, names in keys:
        check(len(names) > 0, f"{what} prints keys")
        for key in sorted(names):
            check(f'"{key}"' in json_text, f"{what} key '{key}' is in JSON OUTPUT")

    # vdctl.conf keys, from what 'config --json' prints.
    config = vdctl_json("config", "--json")
    file_keys = term_words(top["FILES"]) if "FILES" in top else set()
    check(len(config) > 0, "config --json prints keys")
    for key in sorted(config):
        check(key in file_keys, f"vdctl.conf key '{key}' is described in FILES",
              f"described there: {sorted(file_keys)}")
        check(f'"{key}"' in json_text, f"config --json key '{key}' is in JSON OUTPUT")

    # The page as man shows it: no warnings, and every option still there.
    if shutil.which("groff"):
        groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", man_path],
                               capture_output=True, text=True)
        check(groff.returncode == 0 and groff.stderr == "",
              "groff -man -ww renders vdctl.1 without warnings", groff.stderr.strip())
    else:
        check(False, "groff -man -ww renders vdctl.1 without warnings",
              "groff is not installed (Debian: groff-base)")

    if shutil.which("man"):
        env = dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
        env.pop("MANOPT", None)
        shown_page = subprocess.run(["man", "--warnings", "-l", man_path],
                                    capture_output=True, text=True, env=env)
        check(shown_page.returncode == 0 and shown_page.stderr == "",
              "man -l renders vdctl.1 without warnings", shown_page.stderr.strip())
        text = shown_page.stdout
        headings = set(re.findall(r"^([A-Z][A-Z ]+)$", text, re.M))
        for name in SECTIONS:
            check(name in headings, f"man shows section {name}")
        everything = set(global_options)
        for command in commands:
            check(re.search(rf"^   {re.escape(command)}\b", text, re.M) is not None,
                  f"man shows the heading of '{command}'")
            everything.update(complete(*command.split(), "--"))
        for option in sorted(everything):
            check(re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None,
                  f"man shows {option}")
    else:
        results.append((None, "man -l renders vdctl.1: man (man-db) is not installed", ()))

    n_failed = 0
    for n, (ok, name, details) in enumerate(results, 1):
        if ok is None:
            print(f"ok {n} # SKIP {name}")
        elif ok:
            print(f"ok {n} - {name}")
        else:
            n_failed += 1
            print(f"not ok {n} - {name}")
            for d in details:
                if d:
                    for line in str(d).splitlines():
                        print(f"#   {line}")
    print(f"1..{len(results)}")
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
