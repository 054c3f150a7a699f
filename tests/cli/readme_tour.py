#!/usr/bin/python3
"""readme_tour.py: run the commands of README.md's tour as printed and compare their output.

The tour is the "## A tour" section of README.md, except its "Calendars: files and subscribable
feeds" part (a server, secret tokens and the current time). Each indented block line starting
with "$ tracker" is a command (continued by a trailing backslash); the block lines after it, up
to the next "$" line, are its printed output. A command passes when it exits 0 and every printed
line without "..." is a line of its output (stdout then stderr; trailing spaces ignored), in the
printed order.

usage: readme_tour.py README.md BIN_DIR [--show]
  BIN_DIR holds a `tracker` executable (the build); --show prints each command's real output.
Prints one line per command: "ok N: CMD" or "FAIL N: CMD: why"; exits 1 when one failed.
"""
import os
import subprocess
import sys

SKIP_SECTIONS = ("### Calendars: files and subscribable feeds",)


def tour_commands(text):
    lines = text.split("\n")
    try:
        start = lines.index("## A tour")
    except ValueError:
        sys.exit("README.md has no '## A tour' section")
    cmds = []
    skipping = False
    cur = None  # [command, expected lines]
    cont = False
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("### "):
            skipping = line.strip() in SKIP_SECTIONS
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
            if body.startswith("$ tracker "):
                cur = [body[2:], []]
                cmds.append(cur)
                cont = body.endswith("\\")
            else:
                cur = None
            continue
        if cur is not None:
            cur[1].append(body)
    return cmds


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
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
        one = " ".join(cmd.replace("\\\n", " ").split())
        p = subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True,
                           cwd=os.path.dirname(os.path.abspath(readme)))
        got = [g.rstrip() for g in (p.stdout + p.stderr).split("\n")]
        if show:
            print("$ " + cmd)
            print(p.stdout + p.stderr, end="")
        why = None
        if p.returncode != 0:
            why = "exit %d: %s" % (p.returncode, p.stderr.strip()[:300])
        else:
            pos = 0
            for want in expected:
                if "..." in want or not want.strip():
                    continue
                want = want.rstrip()
                try:
                    pos = got.index(want, pos) + 1
                except ValueError:
                    why = "printed line not in the output: %r" % want
                    break
        if why:
            failed += 1
            print("FAIL %d: %s: %s" % (n, one, why))
        else:
            print("ok %d: %s" % (n, one))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
