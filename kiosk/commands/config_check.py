"""``legal-kiosk config-check``: validate the configuration and print where it came from."""

import json

NAME = "config-check"
HELP = "validate the configuration and print the values in effect as JSON"


def add_arguments(parser) -> None:
    pass


def run(args, config) -> int:
    shown = {
        "source": str(config.source) if config.source else None,
        "data_dir": str(config.data_dir),
        "terminal": vars(config.terminal),
        "hub": {**vars(config.hub), "public_key": bool(config.hub.public_key)},
        "ui": vars(config.ui),
        "printer": vars(config.printer),
        "speech": vars(config.speech),
        "video": vars(config.video),
        "maintenance": {"pin_set": bool(config.maintenance.pin_hash)},
    }
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0
