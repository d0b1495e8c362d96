"""Run every benchmark of bench/ one after the other and print their reports (not a test).

    make bench        # or: .venv/bin/python bench/run_all.py [name ...]

Each bench_*.py is a standalone script printing its own figures against its budget; this
runner only sequences them (the machine has 2 cores: running them in parallel would skew them).
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failures = 0
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== {script.name}: code {code}, {time.perf_counter() - started:.1f} s", flush=True)
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
