"""Video consultations: the built-in WebRTC room at ``/call/{room}`` (signalling only, media peer to
peer), join tokens, the Jitsi Meet alternative, the terminal's ``/api/v1/calls`` and the adviser
console under ``/admin/console``.

Every module here that defines ``router`` is included by :func:`hub.main.create_app`.
"""
