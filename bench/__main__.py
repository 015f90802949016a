"""``make bench``: run every ``bench/bench_*.py`` and print its rows.

Each benchmark module defines ``run() -> list[dict]``; a row is
``{"bench": name, "metric": what, "value": number, "unit": unit, "baseline": number, "target": text}``
where ``baseline`` is a simple reference measured in the same run (a naive implementation, an
empty loop, the previous approach), so the figures are read side by side on the same machine.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    only = set(argv)
    folder = Path(__file__).parent
    rows: list[dict] = []
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        if only and info.name not in only and info.name.removeprefix("bench_") not in only:
            continue
        module = importlib.import_module(f"bench.{info.name}")
        started = time.perf_counter()
        module_rows = module.run()
        print(f"# {info.name}: {time.perf_counter() - started:.1f} s", flush=True)
        rows.extend(module_rows)
        for row in module_rows:
            print(format_row(row), flush=True)
    if not rows:
        print("no benchmarks found", file=sys.stderr)
        return 1
    return 0


def format_row(row: dict) -> str:
    value = row.get("value")
    baseline = row.get("baseline")
    ratio = f"{value / baseline:6.2f}x" if isinstance(value, int | float) and baseline else "      "
    base = f"{baseline:12.3f}" if isinstance(baseline, int | float) else f"{'-':>12}"
    return (
        f"{row.get('bench', ''):<18} {row.get('metric', ''):<42} {value:12.3f} {row.get('unit', ''):<6}"
        f" baseline {base} {ratio}  target {row.get('target', '-')}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
