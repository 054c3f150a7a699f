#!/usr/bin/python3
"""readme_tour.py: run the commands of README.md's tour as printed and compare their output.

The tour is the "## A tour" section of README.md, except its "Calendars: files and subscribable
feeds" part (a server, secret tokens and the current time). Each indented block line starting
with "$ tracker" is a command (continued by a trailing backslash); the block lines after it, up
to the next "$" line, are its printed output. A command passes when it exits 0 and every printed
line without "..." is a line of its output (stdout then stderr; trailing spaces ignored), in the
printed order.

usage: readme_tour.py README.md BIN_DIR [--show]
       readme_tour.py README.md BIN_DIR --section "## TITLE" [--drop PREFIX] [--subst A=B]... [--show]
  BIN_DIR holds a `tracker` executable (the build); --show prints each command's real output.
Prints one line per command: "ok N: CMD" or "FAIL N: CMD: why"; exits 1 when one failed.

With --section, every "$ " line of that "## " section is a command (not only tracker's), and
all run in order in one bash process (so exports and files carry over; cwd is the README's
folder). A command ending in "&" is started in the background (its output must be redirected
to a file; the runner waits until that file is not empty) and stopped at the end. A command
ending in "# exit N" must exit N. --drop PREFIX leaves out the commands starting with PREFIX
(the tour's setup line, done by the test); --subst A=B replaces A by B in commands and printed
lines (ports, paths, database names of a test).
"""
import os
import subprocess
import sys

SKIP_SECTIONS = ("### Calendars: files and subscribable feeds",)


def block_commands(text, title, only_tracker, skip_sections=()):
    """The commands of the "## " section `title`, each [command, printed lines]: indented block
    lines starting with "$ " (only "$ tracker " ones with only_tracker), continued by a trailing
    backslash; the lines after one, up to the next "$" line, are its printed output."""
    lines = text.split("\n")
    try:
        start = lines.index(title)
    except ValueError:
        sys.exit("README.md has no %r section" % title)
    cmds = []
    skipping = False
    cur = None  # [command, expected lines]
    cont = False
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("### "):
            skipping = line.strip() in skip_sections
            cur, cont = None, False
            continue
        if skipping:
            continue
        if not line.startswith("    "):
            if line.strip():
                cur, cont = None, False
            continue
        body = line[4:]
        if cont:
            cur[0] += "\n" + body
            cont = body.endswith("\\")
            continue
        if body.startswith("$ "):
            if body.startswith("$ tracker ") or not only_tracker:
                cur = [body[2:], []]
                cmds.append(cur)
                cont = body.endswith("\\")
            else:
                cur = None
            continue
        if cur is not None:
            cur[1].append(body)
    return cmds


def tour_commands(text):
    return block_commands(text, "## A tour", True, SKIP_SECTIONS)


def section_commands(text, title):
    return block_commands(text, title, False)


def judge(n, cmd, rc, want_rc, text, expected):
    """Print "ok N: CMD" or "FAIL N: CMD: why"; True when it passed."""
    one = " ".join(cmd.replace("\\\n", " ").split())
    got = [g.rstrip() for g in text.split("\n")]
    why = None
    if rc != want_rc:
        why = "exit %d (expected %d): %s" % (rc, want_rc, text.strip()[:300])
    else:
        miss = missing_line(expected, got)
        if miss is not None:
            why = "printed line not in the output: %r" % miss
    if why:
        print("FAIL %d: %s: %s" % (n, one, why))
        return False
    print("ok %d: %s" % (n, one))
    return True


def missing_line(expected, got):
    """The first printed line (not an elision) that is not in got in order, or None."""
    pos = 0
    for want in expected:
        if "..." in want or not want.strip():
            continue
        want = want.rstrip()
        try:
            pos = got.index(want, pos) + 1
        except ValueError:
            return want
    return None


def run_section(readme, bindir, args):
    import re
    import shlex
    import tempfile
    title = args[args.index("--section") + 1]
    drops = [args[i + 1] for i, a in enumerate(args) if a == "--drop"]
    substs = [args[i + 1].split("=", 1) for i, a in enumerate(args) if a == "--subst"]
    show = "--show" in args

    def sub(t):
        for a, b in substs:
            t = t.replace(a, b)
        return t

    with open(readme, encoding="utf-8") as f:
        cmds = [(sub(c), [sub(x) for x in e]) for c, e in section_commands(f.read(), title)
                if not any(c.startswith(d) for d in drops)]
    if not cmds:
        print("FAIL 0: no commands in %s" % title)
        return 1
    out = tempfile.mkdtemp(prefix="readme-section.")
    script = ["shopt -s expand_aliases", "cd %s" % shlex.quote(os.path.dirname(os.path.abspath(readme))),
              "trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null' EXIT"]
    for n, (cmd, _) in enumerate(cmds, 1):
        if cmd.rstrip().endswith("&"):
            m = re.search(r">\s*(\S+)\s*(2>&1\s*)?&$", cmd.rstrip())
            script.append("%s </dev/null" % cmd.rstrip()[:-1] + " &")
            script.append("echo 0 >%s/%d.rc; : >%s/%d.out" % (out, n, out, n))
            if m:
                script.append("for _ in $(seq 100); do [ -s %s ] && break; sleep 0.05; done"
                              % m.group(1))
        else:
            script.append("{ %s\n} >%s/%d.out 2>&1; echo $? >%s/%d.rc" % (cmd, out, n, out, n))
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    subprocess.run(["bash", "-c", "\n".join(script)], env=env)
    failed = 0
    for n, (cmd, expected) in enumerate(cmds, 1):
        want_rc = 0
        m = re.search(r"#\s*exit (\d+)\s*$", cmd)
        if m:
            want_rc = int(m.group(1))
        try:
            rc = int(open("%s/%d.rc" % (out, n)).read())
            text = open("%s/%d.out" % (out, n), encoding="utf-8", errors="replace").read()
        except (OSError, ValueError):
            rc, text = -1, ""
        if show:
            print("$ " + cmd)
            print(text, end="")
        if not judge(n, cmd, rc, want_rc, text, expected):
            failed += 1
    return 1 if failed else 0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if "--section" in sys.argv[3:]:
        return run_section(sys.argv[1], sys.argv[2], sys.argv[3:])
    readme, bindir = sys.argv[1], sys.argv[2]
    show = "--show" in sys.argv[3:]
    with open(readme, encoding="utf-8") as f:
        cmds = tour_commands(f.read())
    if not cmds:
        print("FAIL 0: no tour commands found in README.md")
        return 1
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    failed = 0
    for n, (cmd, expected) in enumerate(cmds, 1):
        p = subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True,
                           cwd=os.path.dirname(os.path.abspath(readme)))
        if show:
            print("$ " + cmd)
            print(p.stdout + p.stderr, end="")
        if not judge(n, cmd, p.returncode, 0, p.stdout + p.stderr, expected):
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
