"""Video calls in a browser: wait until the call page shows connected with moving frames."""

from __future__ import annotations

import time

CONNECT_TIMEOUT_MS = 20_000


FRAMES_JS = """async () => {
  const pc = window.callPeer();
  if (!pc) return 0;
  let frames = 0;
  (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
  return frames;
}"""


def wait_connected_with_frames(page) -> int:
    page.wait_for_function(
        "window.callState && window.callState.connection === 'connected'",
        timeout=CONNECT_TIMEOUT_MS,
    )
    deadline = time.monotonic() + CONNECT_TIMEOUT_MS / 1000
    frames = page.evaluate(FRAMES_JS)
    while frames == 0 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        frames = page.evaluate(FRAMES_JS)
    return frames
