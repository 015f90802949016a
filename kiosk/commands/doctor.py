"""``legal-kiosk doctor [--json]``: the technician's checklist, ✓/✗ with a fix hint per line.

Exit code 0 when every critical check passes, 1 when one fails (so scripts and the installer
can stop on it). ``--json`` prints DESIGN.md's fixed shape.
"""

from __future__ import annotations

import json

from contract.i18n import Translator
from kiosk.doctor.checks import HUB_CHECKS, report, run_checks

NAME = "doctor"
HELP = (
    "self-test the terminal: config, data, content, hub, font, voice, printer, touch, clock, disk"
)


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help='print {"ok", "checks": [...]} as JSON')
    parser.add_argument("--offline", action="store_true", help="skip the checks that call the hub")


def run(args, config) -> int:
    skip = HUB_CHECKS if args.offline else ()
    checks = run_checks(config, skip=skip)
    result = report(checks)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if result["ok"] else 1
    tr = Translator(config.ui.language)
    print(tr("doctor.title"))
    for check in checks:
        mark = "✓" if check.ok else "✗"
        print(f"{mark} {tr(f'doctor.{check.name}.title')}: {check.detail}")
        if not check.ok:
            print(f"    {tr('doctor.fix')}: {check.hint}")
    critical = sum(1 for c in checks if c.critical and not c.ok)
    others = sum(1 for c in checks if not c.critical and not c.ok)
    print(tr("doctor.summary_ok") if not critical else tr("doctor.summary_failed", count=critical))
    if others:
        print(tr("doctor.summary_warnings", count=others))
    return 0 if result["ok"] else 1
