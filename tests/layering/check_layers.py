#!/usr/bin/env python3
"""Checks the library's layering from its #include lines.

Folders (vault/include, vault/base/<x>, vault/formats/<x>, vault/binding)
are ordered by layer: the public API, then base, formats, binding. The
check fails if
  * an include runs from a lower layer to a higher one (the include roots
    of vault/CMakeLists.txt already stop most of these from compiling);
  * the public API includes anything but itself;
  * base/ or formats/ include the facade "vault/vault.h";
  * two folders include each other, directly or through others (a cycle).
Usage: check_layers.py REPO_ROOT   (prints the folder order it found)
"""
import os
import re
import sys

LAYERS = {"include": 0, "base": 1, "formats": 2, "binding": 3}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    parts = path.split("/")  # vault/<layer>/...
    if parts[1] in ("base", "formats"):
        return parts[1] + "/" + parts[2]
    return parts[1]


def resolve(vault, src, inc):
    for root in (os.path.dirname(src), "include", "base", "formats", "."):
        cand = os.path.normpath(os.path.join(root, inc))
        if os.path.isfile(os.path.join(vault, cand)):
            return "vault/" + cand
    return None


def main(repo):
    vault = os.path.join(repo, "vault")
    edges, problems = {}, []
    for dirpath, _, names in os.walk(vault):
        for name in names:
            if not name.endswith((".cc", ".h")):
                continue
            full = os.path.join(dirpath, name)
            src = os.path.relpath(full, vault)
            with open(full, encoding="utf-8") as f:
                text = f.read()
            here = folder_of("vault/" + src)
            for inc in INCLUDE.findall(text):
                target = resolve(vault, src, inc)
                if target is None:
                    problems.append(f"vault/{src}: includes \"{inc}\", which is no library file")
                    continue
                there = folder_of(target)
                low, high = LAYERS[here.split("/")[0]], LAYERS[there.split("/")[0]]
                if high > low:
                    problems.append(f"vault/{src}: includes \"{inc}\" from a higher layer ({there})")
                if here == "include" and there != "include":
                    problems.append(f"vault/{src}: the public API includes \"{inc}\"")
                if low in (1, 2) and target == "vault/include/vault/vault.h":
                    problems.append(f"vault/{src}: a pure layer includes the facade \"{inc}\"")
                if there != here:
                    edges.setdefault(here, set()).add(there)
    order, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt):] + [nxt]
                problems.append("include cycle between folders: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"
        order.append(node)

    for node in sorted(set(edges) | {t for ts in edges.values() for t in ts}):
        if node not in state:
            visit(node, [node])
    print("folders, lowest first: " + ", ".join(order))
    for p in problems:
        print("LAYERING: " + p)
    print(f"{len(problems)} layering problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
