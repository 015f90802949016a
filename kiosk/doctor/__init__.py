"""The technician's self-test: :func:`run_checks` and :func:`report` over the probes.

- :mod:`~kiosk.doctor.checks` — the checks, in order, and the health report for heartbeats;
- :mod:`~kiosk.doctor.probes` — the system facts they read (fonts, voice, printer, hub …).
"""

from kiosk.doctor.checks import CHECKS, health_report, report, run_checks

__all__ = ["CHECKS", "health_report", "report", "run_checks"]
