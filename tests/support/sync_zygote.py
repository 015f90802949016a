"""A warm parent that forks real sync processes on demand, so a test can ``kill -9`` hundreds of
them quickly (importing jieba and friends takes a second; a fork takes a millisecond).

Run as ``python -m tests.support.sync_zygote``; it reads lines on stdin:

- ``run DATA_DIR`` → forks a child that opens the content store in DATA_DIR, syncs once with the
  stored enrollment (the real Syncer against the real hub) and exits 0; prints ``pid <n>``;
- ``wait PID`` → reaps the child, prints ``exit <code>`` (``-9`` when killed by SIGKILL);
- ``quit``.

The parent never opens a database itself (SQLite connections must not cross a fork).
"""

from __future__ import annotations

import os
import sys
import traceback


def child(data_dir: str) -> None:
    from kiosk.config import load_config
    from kiosk.hublink.link import build_hub_link
    from kiosk.store import ContentStore

    config = load_config(
        data_dir=data_dir, environ={k: v for k, v in os.environ.items() if k != "LEGAL_KIOSK_DATA"}
    )
    store = ContentStore.open(config.data_dir)
    link = build_hub_link(config, store=store, background_sink=False)
    result = link.syncer.sync_once()
    os._exit(0 if result.status in ("updated", "unchanged") else 3)


def main() -> None:
    # Warm every import a sync needs, in the parent, before any fork.
    import kiosk.hublink.link  # noqa: F401
    import kiosk.store  # noqa: F401
    from kiosk.search.words import count_words, spell

    count_words("离婚纠纷怎么调解")  # loads jieba's dictionary once, here
    spell("调解")  # and pypinyin's
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "run":
            pid = os.fork()
            if pid == 0:
                try:
                    child(arg)
                except BaseException:
                    traceback.print_exc()
                os._exit(4)
            print(f"pid {pid}", flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(arg), 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            print(f"exit {code}", flush=True)
        elif command == "quit":
            return


if __name__ == "__main__":
    main()
