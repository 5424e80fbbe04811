#!/usr/bin/env python3
# run-case.py: run one CLI case file against the built vdctl.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A case is a TOML file: a command line (an argv list, never a shell
# string), optional standard input, the expected exit code and the expected
# standard output and error.  tests/cli/README.md describes the keys.
#
#   run-case.py CASE.toml
#   run-case.py --check-registered CASEDIR NAME...
#
# Environment: VDCTL (the binary), VDCTL_TEST_VALGRIND=1 to run vdctl under
# valgrind, VDCTL_TEST_KEEP=1 to keep the case's scratch directory.

import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
DATADIR = os.path.join(HERE, 'data')

KEYS = {
    'description', 'argv', 'stdin', 'stdin_pieces', 'env', 'unset_env', 'files', 'exit',
    'stdout', 'stdout_contains', 'stdout_excludes',
    'stderr', 'stderr_contains', 'stderr_excludes',
    'xpath', 'documents', 'json', 'normalize', 'secrets', 'error_lines',
    'stdout_lines', 'stderr_lines',
}

UUID_RE = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                     r'[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')
# A generated SPICE password: 24 symbols from [A-Za-z0-9], about 143 bits.
PASSWORD_RE = re.compile(r'(?<![A-Za-z0-9])[A-Za-z0-9]{24}(?![A-Za-z0-9])')
DOMAIN_RE = re.compile(r'^(?:<\?xml[^>]*\?>\n)?<domain[\s>].*?^</domain>\n?',
                       re.MULTILINE | re.DOTALL)

VALGRIND_EXIT = 99
# Seconds between the pieces of 'stdin_pieces'.
PIECE_PAUSE = 0.5
TIMEOUT = 60
VALGRIND_TIMEOUT = 600


class CaseError(Exception):
    """The case file itself is wrong (not vdctl)."""


class Normaliser:
    """Replaces the values that vary from run to run with numbered
    placeholders: <UUID-1>, <PASSWORD-1>, ...  The same value gets the same
    placeholder everywhere in one case, so a case can say that two desktops
    got different passwords, or that the JSON and the text agree."""

    def __init__(self, literals, extra):
        self.literals = literals      # [(text, placeholder)], longest first
        self.extra = extra            # [(compiled regex, replacement)]
        self.seen = {'UUID': {}, 'PASSWORD': {}}

    def token(self, kind, value):
        table = self.seen[kind]
        if value not in table:
            table[value] = '<%s-%d>' % (kind, len(table) + 1)
        return table[value]

    def passwords(self):
        return list(self.seen['PASSWORD'])

    def __call__(self, text):
        for literal, placeholder in self.literals:
            text = text.replace(literal, placeholder)
        for regex, replacement in self.extra:
            text = regex.sub(replacement, text)
        text = UUID_RE.sub(lambda m: self.token('UUID', m.group(0).lower()), text)
        text = PASSWORD_RE.sub(lambda m: self.token('PASSWORD', m.group(0)), text)
        return text

    def walk(self, value):
        """Normalise every string in a parsed JSON value."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.walk(v) for v in value]
        if isinstance(value, dict):
            return {self(k): self.walk(v) for k, v in value.items()}
        return value


def diff(expected, actual, what):
    lines = difflib.unified_diff(expected.splitlines(keepends=True),
                                 actual.splitlines(keepends=True),
                                 'expected ' + what, 'actual ' + what)
    text = ''.join(l if l.endswith('\n') else l + '\n\\ no newline\n' for l in lines)
    return text


def need_list_of_strings(case, key):
    value = case.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseError("'%s' must be a list of strings" % key)
    return value


def load_case(path):
    with open(path, 'rb') as f:
        try:
            case = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise CaseError('not valid TOML: %s' % e)
    unknown = set(case) - KEYS
    if unknown:
        raise CaseError('unknown keys: %s' % ', '.join(sorted(unknown)))
    if 'argv' not in case or 'exit' not in case:
        raise CaseError("a case needs 'argv' and 'exit'")
    need_list_of_strings(case, 'argv')
    if not isinstance(case['exit'], int):
        raise CaseError("'exit' must be an integer")
    for key in ('error_lines', 'stdout_lines', 'stderr_lines'):
        if not isinstance(case.get(key, 0), int):
            raise CaseError("'%s' must be an integer" % key)
    for key in ('stdout_contains', 'stdout_excludes', 'stderr_contains',
                'stderr_excludes', 'secrets', 'unset_env'):
        need_list_of_strings(case, key)
    return case


class Run:
    def __init__(self, name, case, variables):
        self.name = name
        self.case = case
        self.failures = []
        self.scratch = os.path.realpath(tempfile.mkdtemp(prefix='vdctl-cli-'))
        self.variables = dict(variables)
        self.variables['TMPDIR'] = self.scratch
        self.variables['DATADIR'] = DATADIR
        self.valgrind = os.environ.get('VDCTL_TEST_VALGRIND', '') not in ('', '0')

    def subst(self, text):
        def one(m):
            key = m.group(1)
            if key not in self.variables:
                raise CaseError('unknown placeholder @%s@' % key)
            return self.variables[key]
        return re.sub(r'@([A-Z]+)@', one, text)

    def expected(self, text):
        # Expected output names the scratch and data directories by their
        # placeholders, as the normalised output does; only --var values
        # such as @VERSION@ are filled in.
        def one(m):
            key = m.group(1)
            if key in ('TMPDIR', 'DATADIR'):
                return m.group(0)
            if key not in self.variables:
                raise CaseError('unknown placeholder @%s@' % key)
            return self.variables[key]
        return re.sub(r'@([A-Z]+)@', one, text)

    def fail(self, message):
        self.failures.append(message)

    def write_files(self):
        files = self.case.get('files', {})
        if not isinstance(files, dict):
            raise CaseError("'files' must be a table of name = content")
        for name, content in files.items():
            if os.path.isabs(name) or '..' in name.split('/'):
                raise CaseError("file names in 'files' are relative: %r" % name)
            path = os.path.join(self.scratch, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if isinstance(content, str):
                data = self.subst(content).encode('utf-8')
            elif isinstance(content, dict) and set(content) == {'hex'}:
                data = bytes.fromhex(content['hex'])
            else:
                raise CaseError("file %r: give a string or { hex = \"...\" }" % name)
            with open(path, 'wb') as f:
                f.write(data)

    def command(self):
        vdctl = os.environ.get('VDCTL')
        if not vdctl:
            raise CaseError('VDCTL is not set; run the suite with meson test')
        argv = [vdctl] + [self.subst(a) for a in self.case['argv']]
        if self.valgrind:
            if shutil.which('valgrind') is None:
                raise CaseError('VDCTL_TEST_VALGRIND is set but valgrind is not installed')
            # By its path: a case may set a PATH without it.
            vg = [shutil.which('valgrind'), '--quiet', '--error-exitcode=%d' % VALGRIND_EXIT,
                  '--leak-check=full', '--errors-for-leak-kinds=definite',
                  '--show-leak-kinds=definite', '--num-callers=40',
                  '--log-file=' + os.path.join(self.scratch, 'valgrind.%p.log')]
            supp = os.path.join(HERE, 'valgrind.supp')
            if os.path.exists(supp):
                vg.append('--suppressions=' + supp)
            argv = vg + argv
        return argv

    def environment(self):
        env = dict(os.environ)
        for key in self.case.get('unset_env', []):
            env.pop(key, None)
        extra = self.case.get('env', {})
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise CaseError("'env' must be a table of NAME = \"value\"")
        for key, value in extra.items():
            env[key] = self.subst(value)
        # Never touch a real hypervisor: every case runs against libvirt's
        # test driver, named by LIBVIRT_DEFAULT_URI or --connect/-c.
        if not env.get('LIBVIRT_DEFAULT_URI', '').startswith('test:'):
            raise CaseError('LIBVIRT_DEFAULT_URI must name the test driver '
                            '(test:///default); run the suite with meson test')
        if self.valgrind:
            env['G_SLICE'] = 'always-malloc'
            env['G_DEBUG'] = 'gc-friendly'
        return env

    def normaliser(self):
        literals = [(self.scratch, '@TMPDIR@'), (DATADIR, '@DATADIR@')]
        literals.sort(key=lambda p: -len(p[0]))
        extra = []
        for item in self.case.get('normalize', []):
            if (not isinstance(item, list) or len(item) != 2 or
                    not all(isinstance(s, str) for s in item)):
                raise CaseError("'normalize' holds [regex, replacement] pairs")
            extra.append((re.compile(item[0], re.MULTILINE), item[1]))
        return Normaliser(literals, extra)

    # ---- checks -------------------------------------------------------

    def check_exit(self, proc):
        code = proc.returncode
        expected = self.case['exit']
        if code < 0:
            self.fail('vdctl was killed by signal %d' % -code)
        elif self.valgrind and code == VALGRIND_EXIT:
            logs = []
            for entry in sorted(os.listdir(self.scratch)):
                if entry.startswith('valgrind.') and entry.endswith('.log'):
                    with open(os.path.join(self.scratch, entry), errors='replace') as f:
                        logs.append(f.read())
            self.fail('valgrind found errors or definite leaks:\n' + ''.join(logs))
        elif code > 2:
            self.fail('vdctl exited with %d: only 0, 1 and 2 are exit codes' % code)
        elif code != expected:
            self.fail('exit status %d, expected %d' % (code, expected))

    def check_stream(self, what, text):
        case = self.case
        if what in case:
            expected = self.expected(case[what])
            if text != expected:
                self.fail('%s differs:\n%s' % (what, diff(expected, text, what)))
        pos = 0
        for fragment in case.get(what + '_contains', []):
            fragment = self.expected(fragment)
            found = text.find(fragment, pos)
            if found < 0:
                where = 'at all' if text.find(fragment) < 0 else 'after the previous fragment'
                self.fail('%s lacks (%s):\n  %r\n%s:\n%s' % (what, where, fragment, what,
                                                             indent(text)))
            else:
                pos = found + len(fragment)
        lines = case.get(what + '_lines')
        if lines is not None and len(text.splitlines()) != lines:
            self.fail('%s has %d lines, expected %d:\n%s'
                      % (what, len(text.splitlines()), lines, indent(text)))
        for fragment in case.get(what + '_excludes', []):
            fragment = self.expected(fragment)
            if fragment in text:
                self.fail('%s must not hold %r:\n%s' % (what, fragment, indent(text)))
        checked = (what in case or case.get(what + '_contains') or
                   (what == 'stdout' and ('xpath' in case or 'json' in case or
                                          'documents' in case)))
        if not checked and text != '':
            self.fail('%s should be empty, it is:\n%s' % (what, indent(text)))

    def check_error_lines(self, stderr):
        # main prints exactly one 'vdctl: error:' line for a failure.
        wanted = self.case.get('error_lines', 0 if self.case['exit'] == 0 else 1)
        got = sum(1 for line in stderr.splitlines() if line.startswith('vdctl: error: '))
        if got != wanted:
            self.fail('stderr has %d "vdctl: error: " lines, expected %d' % (got, wanted))
        for marker in ('-CRITICAL **', '-WARNING **', 'Segmentation fault', 'Aborted'):
            if marker in stderr:
                self.fail('stderr holds %r: a programming error, not a message' % marker)

    def check_secrets(self, raw_stderr, norm):
        secrets = [self.subst(s) for s in self.case.get('secrets', [])]
        for secret in secrets + norm.passwords():
            if secret and secret in raw_stderr:
                self.fail('a password appears on stderr')

    def domain_documents(self, stdout):
        docs = [m.group(0) for m in DOMAIN_RE.finditer(stdout)]
        rest = DOMAIN_RE.sub('', stdout)
        if docs and rest.strip() != '':
            self.fail('stdout mixes domain XML with other text:\n%s' % indent(rest))
        elif not docs and stdout.lstrip().startswith('<'):
            self.fail('stdout looks like XML but holds no complete <domain> document')
        return docs

    def validate(self, docs):
        tool = shutil.which('virt-xml-validate')
        if docs and tool is None:
            self.fail('virt-xml-validate is not installed (libvirt-clients): '
                      'every printed domain must be validated')
            return []
        files = []
        for i, doc in enumerate(docs):
            path = os.path.join(self.scratch, 'stdout-domain-%d.xml' % (i + 1))
            with open(path, 'w', encoding='utf-8') as f:
                f.write(doc)
            files.append(path)
            proc = subprocess.run([tool, path, 'domain'], capture_output=True,
                                  text=True, errors='replace')
            if proc.returncode != 0:
                self.fail('domain document %d does not validate against libvirt\'s '
                          'schema:\n%s%s\n%s' % (i + 1, indent(proc.stdout),
                                                 indent(proc.stderr), indent(doc)))
        return files

    def xpath(self, expression, path):
        proc = subprocess.run(['xmllint', '--xpath', expression, path],
                              capture_output=True)
        if proc.returncode == 10:         # an empty node set
            return ''
        if proc.returncode != 0:
            self.fail('xmllint --xpath %r failed: %s' % (
                expression, proc.stderr.decode('utf-8', 'replace').strip()))
            return None
        out = proc.stdout.decode('utf-8')
        return out[:-1] if out.endswith('\n') else out

    def check_xml(self, stdout, norm):
        docs = self.domain_documents(stdout)
        files = self.validate(docs)
        case = self.case
        if 'documents' in case and len(docs) != case['documents']:
            self.fail('stdout holds %d domain documents, expected %d'
                      % (len(docs), case['documents']))
        checks = case.get('xpath', {})
        if not isinstance(checks, dict):
            raise CaseError("'xpath' must be a table of \"EXPRESSION\" = value")
        if not checks:
            return
        if 'documents' not in case and len(docs) != 1:
            self.fail('stdout holds %d domain documents, expected one' % len(docs))
            return
        if shutil.which('xmllint') is None:
            self.fail('xmllint is not installed (libxml2-utils)')
            return
        for expression, wanted in checks.items():
            if isinstance(wanted, str):
                wanted = [wanted] * len(files)
            elif (not isinstance(wanted, list) or
                  not all(isinstance(w, str) for w in wanted)):
                raise CaseError('xpath %r: give a string or one string per document'
                                % expression)
            if len(wanted) != len(files):
                self.fail('xpath %r: %d expected values for %d documents'
                          % (expression, len(wanted), len(files)))
                continue
            for i, (path, want) in enumerate(zip(files, wanted)):
                got = self.xpath(expression, path)
                if got is None:
                    continue
                got = norm(got)
                want = self.expected(want)
                if got != want:
                    self.fail('document %d: %s\n  expected: %r\n  actual:   %r'
                              % (i + 1, expression, want, got))

    def check_json(self, raw_stdout, norm):
        if 'json' not in self.case:
            return
        try:
            expected = json.loads(self.expected(self.case['json']))
        except json.JSONDecodeError as e:
            raise CaseError("'json' is not valid JSON: %s" % e)
        try:
            actual = json.loads(raw_stdout)
        except json.JSONDecodeError as e:
            self.fail('stdout is not valid JSON (%s):\n%s' % (e, indent(raw_stdout)))
            return
        actual = norm.walk(actual)
        if actual != expected:
            a = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + '\n'
            e = json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + '\n'
            self.fail('JSON differs:\n%s' % diff(e, a, 'json'))

    def decode(self, data, what):
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError as e:
            self.fail('%s is not valid UTF-8: %s' % (what, e))
            return data.decode('utf-8', 'replace')

    def stdin_pieces(self):
        """The pieces of 'stdin_pieces' as bytes: strings, or { hex = "..." }
        for bytes that are no text on their own."""
        pieces = self.case.get('stdin_pieces')
        if pieces is None:
            return None
        if 'stdin' in self.case or not isinstance(pieces, list) or not pieces:
            raise CaseError("'stdin_pieces' is a list of strings or { hex = \"...\" }, "
                            "instead of 'stdin'")
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(self.subst(piece).encode('utf-8'))
            elif isinstance(piece, dict) and set(piece) == {'hex'}:
                out.append(bytes.fromhex(piece['hex']))
            else:
                raise CaseError("'stdin_pieces' holds strings or { hex = \"...\" }")
        return out

    def run_in_pieces(self, argv, env, pieces, timeout):
        """Write each piece to vdctl's standard input, a pipe, on its own,
        PIECE_PAUSE seconds apart: a reader that stops at the first read
        sees the first piece only."""
        proc = subprocess.Popen(argv, cwd=self.scratch, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for i, piece in enumerate(pieces):
                if i > 0:
                    time.sleep(PIECE_PAUSE)
                proc.stdin.write(piece)
                proc.stdin.flush()
            proc.stdin.close()
        except BrokenPipeError:
            pass
        # Closed here: communicate() must not touch it.
        proc.stdin = None
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
        return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)

    # ---- run ----------------------------------------------------------

    def run(self):
        self.write_files()
        argv = self.command()
        env = self.environment()
        stdin = self.case.get('stdin')
        norm = self.normaliser()
        print('# %s' % self.name)
        if 'description' in self.case:
            print('# %s' % self.case['description'])
        print('$ vdctl %s' % shlex.join(self.subst(a) for a in self.case['argv']))
        timeout = VALGRIND_TIMEOUT if self.valgrind else TIMEOUT
        pieces = self.stdin_pieces()
        try:
            if pieces is not None:
                proc = self.run_in_pieces(argv, env, pieces, timeout)
            else:
                proc = subprocess.run(argv, cwd=self.scratch, env=env,
                                      input=self.subst(stdin).encode('utf-8') if stdin is not None else None,
                                      stdin=subprocess.DEVNULL if stdin is None else None,
                                      capture_output=True,
                                      timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail('vdctl did not finish within %d s' % timeout)
            return
        raw_stdout = self.decode(proc.stdout, 'stdout')
        raw_stderr = self.decode(proc.stderr, 'stderr')
        stdout = norm(raw_stdout)
        stderr = norm(raw_stderr)
        print('exit status %d' % proc.returncode)

        self.check_exit(proc)
        self.check_stream('stdout', stdout)
        self.check_stream('stderr', stderr)
        self.check_error_lines(stderr)
        self.check_secrets(raw_stderr, norm)
        self.check_xml(raw_stdout, norm)
        self.check_json(raw_stdout, norm)
        if self.failures:
            print('--- stdout (normalised)\n%s--- stderr (normalised)\n%s---'
                  % (stdout, stderr))

    def cleanup(self):
        if os.environ.get('VDCTL_TEST_KEEP', '') not in ('', '0'):
            print('# scratch directory kept: %s' % self.scratch)
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)


def indent(text):
    return ''.join('    ' + line + '\n' for line in text.splitlines())


def case_name(path):
    casedir = os.path.join(HERE, 'cases')
    rel = os.path.relpath(os.path.abspath(path), casedir)
    if rel.startswith('..'):
        rel = os.path.basename(path)
    return rel[:-len('.toml')] if rel.endswith('.toml') else rel


def check_registered(casedir, names):
    on_disk = set()
    for root, _, files in os.walk(casedir):
        for f in files:
            if f.endswith('.toml'):
                on_disk.add(os.path.relpath(os.path.join(root, f), casedir)[:-5])
    listed = set(names)
    bad = False
    for name in sorted(on_disk - listed):
        print('case file %s.toml is not listed in tests/cli/meson.build' % name)
        bad = True
    for name in sorted(listed - on_disk):
        print('tests/cli/meson.build lists %s, which has no case file' % name)
        bad = True
    for name in sorted(on_disk):
        try:
            load_case(os.path.join(casedir, name + '.toml'))
        except CaseError as e:
            print('%s: %s' % (name, e))
            bad = True
    if not bad:
        print('%d case files, all listed and well-formed' % len(on_disk))
    return 1 if bad else 0


def main(args):
    if args and args[0] == '--check-registered':
        return check_registered(args[1], args[2:])
    variables = {}
    while args and args[0] == '--var':
        key, _, value = args[1].partition('=')
        variables[key] = value
        args = args[2:]
    if len(args) != 1:
        print('usage: run-case.py [--var NAME=VALUE]... CASE.toml\n'
              '       run-case.py --check-registered CASEDIR NAME...', file=sys.stderr)
        return 2
    name = case_name(args[0])
    try:
        case = load_case(args[0])
        run = Run(name, case, variables)
        try:
            run.run()
        finally:
            run.cleanup()
    except CaseError as e:
        print('%s: bad case file: %s' % (name, e))
        return 1
    if run.failures:
        print('FAIL %s' % name)
        for i, failure in enumerate(run.failures, 1):
            print('%d) %s' % (i, failure.rstrip('\n')))
        return 1
    print('PASS %s' % name)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
