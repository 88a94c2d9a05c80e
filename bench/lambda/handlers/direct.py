# Direct baseline: the same handler called in-process from python's HTTP server, no gateway.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from handler import handler


class Direct(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body leave in two writes; without TCP_NODELAY the body waits for the client's delayed
    # ACK of the headers (40 ms on Linux), which would be measured as the handler's latency
    disable_nagle_algorithm = True

    def do_GET(self):
        r = handler({"path": self.path, "httpMethod": "GET", "body": None}, None)
        body = r["body"].encode()
        self.send_response(r["statusCode"])
        for k, v in r["headers"].items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1])), Direct).serve_forever()
