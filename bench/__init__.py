"""Benchmarks: each ``bench/bench_*.py`` defines ``run() -> list[dict]`` rows printed side by side."""
