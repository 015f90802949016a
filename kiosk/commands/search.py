"""``legal-kiosk search QUERY``: search the guides in the offline content store."""

from contract.i18n import Translator
from kiosk.commands._output import open_existing_store, print_json, print_table
from kiosk.search import search

NAME = "search"
HELP = "search the legal guides: a question in everyday words, Chinese words, pinyin or initials"


def add_arguments(parser) -> None:
    parser.add_argument(
        "query",
        metavar="QUERY",
        help="a question or words, e.g. 工资拖了半年没给怎么办, 离婚, lihun or lh",
    )
    parser.add_argument("--limit", type=int, default=20, help="most results to show (default 20)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args, config) -> int:
    with open_existing_store(config) as store:
        results = search(store, args.query, limit=max(1, min(args.limit, 100)))
    if args.json:
        print_json({"query": args.query, "results": results})
        return 0
    t = Translator(config.ui.language)
    if not results:
        print(t("core.search.nothing_found", query=args.query))
        return 0
    if not any(r["match"] == "good" for r in results):
        print(t("core.search.no_good_match", query=args.query))
    print_table(
        [
            t("core.table.score"),
            t("core.table.match"),
            t("core.table.id"),
            t("core.table.title"),
            t("core.table.snippet"),
        ],
        [
            [f"{r['score']:.2f}", t(f"core.match.{r['match']}"), r["id"], r["title"], r["snippet"]]
            for r in results
        ],
    )
    return 0
