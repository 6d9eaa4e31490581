"""Start-up time of the command line: `import align.cli` and the light commands.

    python benchmarks/startup.py              # 20 rounds
    python benchmarks/startup.py --rounds 50

Each round runs, in fresh processes: `python -X importtime -c "import align.cli"`
(the cumulative microseconds of align.cli), `python -c pass` (the interpreter's
own start, the baseline) and `align --help`, `align eval --help`,
`align tmx --help`, `align segment --help`. Prints the minimum and the median
of each, and each command's median over the baseline's. The light commands
import neither numpy nor the aligner (tests/test_api.py checks that); this
says what that buys.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

COMMANDS = (["--help"], ["eval", "--help"], ["tmx", "--help"], ["segment", "--help"])


def import_ms() -> float:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import align.cli"], capture_output=True, text=True, check=True)
    line = [line for line in done.stderr.splitlines() if line.rstrip().endswith("| align.cli")][-1]
    return int(line.split("|")[1]) / 1000


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    align = shutil.which("align") or sys.exit("no `align` on PATH: pip install -e . first")
    runs = {"import align.cli (ms)": [], "python -c pass": []} | {f"align {' '.join(c)}": [] for c in COMMANDS}
    for _ in range(args.rounds):  # interleaved, so that load on a shared machine hits all alike
        runs["import align.cli (ms)"].append(import_ms())
        runs["python -c pass"].append(seconds([sys.executable, "-c", "pass"]))
        for command in COMMANDS:
            runs[f"align {' '.join(command)}"].append(seconds([align, *command]))
    base = statistics.median(runs["python -c pass"])
    print(f"{args.rounds} rounds; 1-min load {os.getloadavg()[0]:.2f}")
    print("| what | min | median | median / `python -c pass` |")
    print("| --- | --- | --- | --- |")
    for name, values in runs.items():
        ratio = "" if name.startswith("import") else f"{statistics.median(values) / base:.1f}x"
        unit = "" if name.startswith("import") else " s"
        print(f"| {name} | {min(values):.3f}{unit} | {statistics.median(values):.3f}{unit} | {ratio} |")


if __name__ == "__main__":
    main()
