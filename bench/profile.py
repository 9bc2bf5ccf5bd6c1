"""Summarise py-spy folded stacks (``python -m bench.core --profile``).

    python -m bench.profile bench/results/<run>/profiles/<phase>.folded \
        [-n 25] [--focus 'validate|directory/']

Prints the frames with the most samples: by self time, inclusive time, and
inclusive time grouped by package (strawberry, graphql, sqlalchemy, …), so
that "where does a request spend its CPU" is one command away.
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^():]+)(?::\d+)?\)$")
THREAD = re.compile(r"^(?:thread|process) \(")


def package(frame: str) -> str:
    match = FRAME.match(frame)
    if match is None:
        return frame or "?"
    path = match["file"]
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    head = path.split("/", 1)[0]
    if head.endswith(".py") or "<" in head:
        return "stdlib"
    return head


def without_line(frame: str) -> str:
    return re.sub(r":\d+\)$", ")", frame)


def summarise(path: Path, top: int, focus: re.Pattern[str] | None = None) -> str:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [
            without_line(f) for f in stack.split(";") if f and not THREAD.match(f)
        ]
        if not frames:
            continue
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
        packages[package(frames[-1])] += samples
    if not total:
        return f"{path}: no samples"
    out = [f"{path}: {total} samples"]
    out.append("\nself time by package:")
    out += [f"  {n / total:6.1%}  {name}" for name, n in packages.most_common(top)]
    out.append("\nself time by frame:")
    out += [f"  {n / total:6.1%}  {name}" for name, n in own.most_common(top)]
    out.append("\ninclusive time by frame:")
    out += [f"  {n / total:6.1%}  {name}" for name, n in inclusive.most_common(top)]
    if focus is not None:
        out.append(f"\ninclusive time of frames matching {focus.pattern!r}:")
        out += [
            f"  {n / total:6.1%}  {name}"
            for name, n in inclusive.most_common()
            if focus.search(name)
        ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("folded", nargs="+", type=Path)
    parser.add_argument("-n", "--top", type=int, default=25)
    parser.add_argument(
        "--focus",
        type=re.compile,
        help="also list the inclusive time of every frame matching this regex",
    )
    args = parser.parse_args(argv)
    for path in args.folded:
        print(summarise(path, args.top, args.focus))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
