#!/usr/bin/python3
"""check-layers.py: the shape of src/ that docs/architecture.md describes.

  src/core    the desktop core: no libvirt, no I/O
  src/host    the libvirt boundary and the host
  src/access  reaching a desktop
  src/cli     the command line

Checks, and prints one line per breach:

  - a file includes only headers of its own layer or of a lower one
    (each layer is also built seeing only those: this names the breach
    in the layers' words, and covers headers no build includes);
  - the core includes no libvirt, json-glib or GIO file or process
    header, and calls no function that reads or writes files, runs
    processes or prints;
  - no file is longer than MAX_FILE_LINES lines, no function longer than
    MAX_FUNCTION_LINES.

Usage: check-layers.py SRCDIR    (exit 0 when all holds, 1 otherwise)
"""

import os
import re
import sys

LAYERS = ["core", "host", "access", "cli"]
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Headers anyone may include, from the build directory.
ANY_LAYER = {"config.h"}

CORE_FORBIDDEN_HEADERS = re.compile(
    r"^(libvirt/|json-glib/|gio/gunix|glib/gstdio\.h|stdio\.h|unistd\.h|fcntl\.h"
    r"|sys/stat\.h|dirent\.h)")

# What reads or writes files, runs processes, or prints.
CORE_FORBIDDEN_CALLS = re.compile(
    r"(?<![\w.>])(fopen|fdopen|open|openat|creat|read|write|close|unlink|rename|mkdir|stat"
    r"|lstat|opendir|popen|system|fork|exec\w*|printf|fprintf|puts|fputs|putchar"
    r"|g_print|g_printerr|g_file_get_contents|g_file_set_contents\w*|g_open|g_mkdir\w*"
    r"|g_unlink|g_rename|g_remove|g_dir_open|g_spawn\w*|g_subprocess\w*"
    r"|g_file_new_for_\w+|g_resources?_\w+|g_key_file_load_from_file"
    r"|g_key_file_save_to_file|xmlReadFile|xmlParseFile|xmlSaveFile\w*)\s*\(")

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)


def strip_comments_and_strings(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"'(\\.|[^'\\\n])*'", "''", text)
    return text


def long_functions(text):
    """(name, first line, length) of each function definition longer than
    MAX_FUNCTION_LINES, counted from its opening to its closing brace."""
    code = strip_comments_and_strings(text)
    lines = code.split("\n")
    out = []
    depth = 0
    start = None
    name = None
    for number, line in enumerate(lines, 1):
        if depth == 0 and line.startswith("{"):
            start = number
            # The name: the last identifier before '(' above the brace.
            for back in range(number - 2, max(number - 8, -1), -1):
                m = re.match(r"^(\w+)\s*\(", lines[back])
                if m:
                    name = m.group(1)
                    break
            else:
                name = None
        depth += line.count("{") - line.count("}")
        if depth == 0 and start is not None and "}" in line:
            length = number - start + 1
            if name and length > MAX_FUNCTION_LINES:
                out.append((name, start, length))
            start = None
    return out


def main():
    src = sys.argv[1]
    headers = {}
    for layer in LAYERS:
        for f in os.listdir(os.path.join(src, layer)):
            if f.endswith(".h"):
                headers[f] = layer
    stray = [f for f in os.listdir(src) if f.endswith((".c", ".h"))]
    problems = [f"src/{f}: a source file outside the layers' folders" for f in sorted(stray)]

    for layer in LAYERS:
        rank = LAYERS.index(layer)
        folder = os.path.join(src, layer)
        for f in sorted(os.listdir(folder)):
            if not f.endswith((".c", ".h")):
                continue
            path = f"src/{layer}/{f}"
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                text = fh.read()
            n_lines = text.count("\n")
            if n_lines > MAX_FILE_LINES:
                problems.append(f"{path}: {n_lines} lines, more than {MAX_FILE_LINES}")
            for kind, header in INCLUDE.findall(text):
                if kind == '"':
                    if header in ANY_LAYER:
                        continue
                    owner = headers.get(header)
                    if owner is None:
                        problems.append(f"{path}: includes \"{header}\", which no layer has")
                    elif LAYERS.index(owner) > rank:
                        problems.append(f"{path}: includes \"{header}\" of src/{owner}, "
                                        f"a layer above {layer}")
                elif layer == "core" and CORE_FORBIDDEN_HEADERS.match(header):
                    problems.append(f"{path}: the core includes <{header}>")
            if layer == "core":
                code = strip_comments_and_strings(text)
                for number, line in enumerate(code.split("\n"), 1):
                    m = CORE_FORBIDDEN_CALLS.search(line)
                    if m:
                        problems.append(f"{path}:{number}: the core calls {m.group(1)}(), "
                                        "which does I/O")
            if f.endswith(".c"):
                for name, line, length in long_functions(text):
                    problems.append(f"{path}:{line}: {name}() is {length} lines long, "
                                    f"more than {MAX_FUNCTION_LINES}")

    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} breaches of the layout (docs/architecture.md)")
        return 1
    print("the layers hold: " + ", ".join(
        f"{layer} {len([f for f in os.listdir(os.path.join(src, layer)) if f.endswith('.c')])} files"
        for layer in LAYERS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
