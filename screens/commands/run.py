"""``legal-kiosk run``: open the resident's app (fullscreen kiosk, or ``--windowed``)."""

NAME = "run"
HELP = "open the terminal app fullscreen on the data folder's content (--windowed for development)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="a normal window with a cursor instead of kiosk mode",
    )


def run(args, config) -> int:
    # Kivy must be configured before it is imported: the launcher does both, in that order.
    from screens import launcher

    return launcher.run(config, windowed=args.windowed)
