"""A booking calendar served on 127.0.0.1, as a calendar service publishes one (tests only)."""

from __future__ import annotations

import http.server
import threading


class CalendarServer:
    """Serves ``body`` as text/calendar; a ``status`` other than 200 makes every read fail."""

    def __init__(self, body: str = "") -> None:
        self.body = body
        self.status = 200
        self.requests = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests += 1
                data = owner.body.encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/private-abc123/basic.ics"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
