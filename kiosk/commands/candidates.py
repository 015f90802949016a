"""``legal-kiosk candidates LETTERS``: the words the pinyin keyboard offers for typed letters."""

from contract.i18n import Translator
from kiosk.commands._output import open_existing_store, print_json, print_table
from kiosk.search import candidates

NAME = "candidates"
HELP = "list the content words the on-screen pinyin keyboard offers for LETTERS"


def add_arguments(parser) -> None:
    parser.add_argument(
        "letters", metavar="LETTERS", help="pinyin or initials typed so far, e.g. lih or lh"
    )
    parser.add_argument("--limit", type=int, default=20, help="most words to show (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args, config) -> int:
    with open_existing_store(config) as store:
        words = candidates(store, args.letters, limit=max(1, min(args.limit, 100)))
    if args.json:
        print_json({"letters": args.letters, "candidates": words})
        return 0
    t = Translator(config.ui.language)
    print_table(
        [t("core.table.word"), t("core.table.pinyin"), t("core.table.freq")],
        [[w["word"], w["pinyin"], w["freq"]] for w in words],
    )
    return 0
