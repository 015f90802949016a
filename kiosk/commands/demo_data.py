"""``legal-kiosk demo-data``: fill the data folder's content store with demo content.

Without ``--articles``/``--institutions`` it writes the hand-written demo content of
:mod:`contract.demo` (five real places, original guides). With them it adds that many synthetic
articles and institutions (:mod:`contract.demo.synthetic`) for benchmarks.
"""

import importlib
import logging

from contract.demo.synthetic import synthetic_changes
from kiosk.commands._output import print_json
from kiosk.errors import StoreError
from kiosk.store import ContentStore

logger = logging.getLogger(__name__)

NAME = "demo-data"
HELP = "write demo content (or, with --articles/--institutions, synthetic content) into the data folder"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--articles", type=int, default=None, metavar="N", help="add N synthetic articles"
    )
    parser.add_argument(
        "--institutions", type=int, default=None, metavar="M", help="add M synthetic institutions"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic generator")


def _hand_written() -> dict | None:
    try:
        demo = importlib.import_module("contract.demo")
    except ImportError:
        return None
    loader = getattr(demo, "load_demo_content", None)
    return loader() if loader else None


def _merge(target: dict, content: dict) -> None:
    for collection, records in content.items():
        target.setdefault(collection, {"upsert": []})["upsert"].extend(records)


def run(args, config) -> int:
    synthetic = args.articles is not None or args.institutions is not None
    for value in (args.articles, args.institutions):
        if value is not None and not 0 <= value <= 1_000_000:
            raise StoreError("--articles and --institutions must be 0..1000000")
    changes: dict = {}
    demo = _hand_written()
    if demo:
        _merge(changes, demo)
    elif not synthetic:
        raise StoreError(
            "the hand-written demo content (contract.demo.load_demo_content) is not available"
        )
    if synthetic:
        for collection, part in synthetic_changes(
            args.articles or 0, args.institutions or 0, seed=args.seed
        ).items():
            _merge(changes, {collection: part["upsert"]})
    with ContentStore.open(config.data_dir) as store:
        version = store.content_version() + 1
        summary = store.apply(changes, version=version)
    print_json({"data": str(config.data_dir), "version": version, "applied": summary})
    return 0
