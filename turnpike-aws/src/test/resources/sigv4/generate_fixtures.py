#!/usr/bin/env python3
"""Writes botocore-fixtures.json: requests signed by botocore, captured as they arrive on the wire.

SigV4VerifierBotocoreTest replays every fixture through SigV4Verifier. The fixtures are committed, so
the tests need no Python; regenerate them only when adding cases or checking a newer botocore:

    cd turnpike-aws/src/test/resources/sigv4
    python3 generate_fixtures.py            # rewrites botocore-fixtures.json next to this script

Why a socket: a signer signs its idea of the request, but a server verifies what its HTTP stack hands
it. Each request is therefore signed by botocore and *sent* by botocore's own HTTP session (urllib3)
to a loopback listener that records the raw request line, the header lines in wire order and the
body bytes. Whatever urllib3 changes between signing and sending is in the fixture, as it would be in
production.

Time is pinned by replacing botocore.auth.get_current_datetime (the one clock every botocore SigV4
signer reads), and uuid4 is made deterministic so client requests carry stable
amz-sdk-invocation-id headers. Header values are decoded as ISO-8859-1, one char per octet, which is
what SignedRequest documents and what Netty hands the server.
"""

import base64
import datetime
import hashlib
import itertools
import json
import os
import socket
import threading
import uuid
from unittest import mock

import botocore
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.endpoint
import botocore.httpsession
import botocore.session

ACCESS_KEY = "AKIDTURNPIKEEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN//////////wEaDEXAMPLE="
REGION = "us-east-1"
# A fixed port keeps the Host header, and so every signature, the same from one run to the next.
PREFERRED_PORT = 38099
DEFAULT_TIME = datetime.datetime(2015, 8, 30, 12, 36, 0)
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "botocore-fixtures.json")


class CaptureServer:
    """A loopback HTTP/1.1 listener that records each raw request and answers 200 with '{}'."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind(("127.0.0.1", PREFERRED_PORT))
        except OSError:
            print(f"port {PREFERRED_PORT} is busy; using another, so Host headers and signatures will change")
            self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.captured = []
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            conn, _ = self.sock.accept()
            with conn:
                self._handle(conn)

    def _handle(self, conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append([name, value.strip(" \t")])
        length = 0
        for name, value in headers:
            if name.lower() == "content-length":
                length = int(value)
            if name.lower() == "transfer-encoding":
                raise RuntimeError("chunked bodies are not captured: " + target)
        body = rest
        while len(body) < length:
            body += conn.recv(65536)
        path, _, query = target.partition("?")
        with self.lock:
            self.captured.append(
                {"method": method, "rawPath": path, "rawQuery": query, "headers": headers, "body": body}
            )
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            b"Connection: close\r\n\r\n{}"
        )

    def take(self):
        with self.lock:
            if len(self.captured) != 1:
                raise RuntimeError(f"expected one captured request, got {len(self.captured)}")
            return self.captured.pop()


def pinned_time(when):
    return mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: when)


def deterministic_uuids():
    counter = itertools.count(1)
    return mock.patch.object(
        botocore.endpoint.uuid, "uuid4", lambda: uuid.UUID(int=0x5EED0000000000000000000000000000 + next(counter))
    )


def _fixed_user_agent(request, **kwargs):
    request.headers["User-Agent"] = f"Botocore/{botocore.__version__} (turnpike fixture generator)"


class Generator:
    def __init__(self):
        self.server = CaptureServer()
        self.base = f"http://127.0.0.1:{self.server.port}"
        self.http = botocore.httpsession.URLLib3Session()
        self.fixtures = []

    def record(self, name, description, signer, service, when, expires=None, extra=None):
        wire = self.server.take()
        fixture = {
            "name": name,
            "description": description,
            "signer": signer,
            "accessKeyId": ACCESS_KEY,
            "secretKey": SECRET_KEY,
            "region": REGION,
            "service": service,
            "now": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "method": wire["method"],
            "rawPath": wire["rawPath"],
            "rawQuery": wire["rawQuery"],
            "headers": wire["headers"],
            "bodyBase64": base64.b64encode(wire["body"]).decode("ascii"),
        }
        if expires is not None:
            fixture["expiresSeconds"] = expires
        if extra:
            fixture.update(extra)
        self.fixtures.append(fixture)

    # -- low-level: AWSRequest + SigV4Auth / SigV4QueryAuth, sent by botocore's URLLib3Session ------

    def signed(self, name, description, method, path_and_query, service="execute-api", body=b"",
               headers=None, params=None, when=DEFAULT_TIME, token=None, unsigned_payload=False,
               add_after_signing=None, host=None):
        request = botocore.awsrequest.AWSRequest(
            method=method, url=self.base + path_and_query, data=body, headers=dict(headers or {}),
            params=params or {},
        )
        if host is not None:
            request.headers["Host"] = host
        if unsigned_payload:
            request.context["payload_signing_enabled"] = False
        credentials = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY, token)
        with pinned_time(when):
            botocore.auth.SigV4Auth(credentials, service, REGION).add_auth(request)
        for key, value in (add_after_signing or {}).items():
            request.headers[key] = value
        self.http.send(request.prepare())
        self.record(name, description, "botocore.auth.SigV4Auth", service, when)

    def presigned(self, name, description, method, path_and_query, service="execute-api", expires=300,
                  headers=None, when=DEFAULT_TIME, host=None):
        request = botocore.awsrequest.AWSRequest(method=method, url=self.base + path_and_query,
                                                 headers=dict(headers or {}))
        if host is not None:
            request.headers["Host"] = host
        credentials = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY)
        with pinned_time(when):
            botocore.auth.SigV4QueryAuth(credentials, service, REGION, expires=expires).add_auth(request)
        self.http.send(request.prepare())
        self.record(name, description, "botocore.auth.SigV4QueryAuth", service, when, expires=expires)

    # -- real botocore clients, the way the AWS CLI and boto3 call an API Gateway control plane ---------

    def client(self, service_name):
        session = botocore.session.get_session()
        # botocore's User-Agent names the build machine's kernel and lists feature ids in set order; it is
        # not signed, so a fixed one keeps the fixtures reproducible without changing any signature.
        session.register("before-send", _fixed_user_agent)
        return session.create_client(
            service_name, region_name=REGION, endpoint_url=self.base,
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            config=botocore.config.Config(retries={"total_max_attempts": 1}),
        )

    def call(self, name, description, service_name, operation, signing_name, when=DEFAULT_TIME, **params):
        client = self.client(service_name)
        with pinned_time(when), deterministic_uuids():
            getattr(client, operation)(**params)
        self.record(name, description, f"botocore client {service_name}.{operation}", signing_name, when)

    def client_presigned(self, name, description, service_name, operation, signing_name, params, expires,
                         when=DEFAULT_TIME):
        client = self.client(service_name)
        with pinned_time(when):
            url = client.generate_presigned_url(operation, Params=params, ExpiresIn=expires)
        self.http.send(botocore.awsrequest.AWSRequest(method="GET", url=url).prepare())
        self.record(name, description, f"botocore client {service_name}.generate_presigned_url({operation})",
                    signing_name, when, expires=expires)


def main():
    g = Generator()
    json_body = json.dumps({"name": "pets", "description": "A \"pet\" store \u00e9t\u00e9 \u2713"}).encode("utf-8")
    patch_body = json.dumps({"patchOperations": [
        {"op": "replace", "path": "/~1pets~1{petId}/GET/logging/loglevel", "value": "INFO"}]}).encode("utf-8")

    g.signed("get-root", "GET / with no query and no body", "GET", "/")
    g.signed("get-unsorted-query", "query parameters out of order", "GET",
             "/restapis?position=zzz&limit=25&after=abc")
    g.signed("get-repeated-query", "repeated names, empty value, a name without '='", "GET",
             "/items?tag=b&tag=a&tag=c&empty=&flag&Tag=Z")
    g.signed("get-encoded-query", "percent-encoded reserved, unicode and '~' characters in the query", "GET",
             "/search?q=hello%20world&sym=%2B%26%3D%2F&unicode=%C3%A9t%C3%A9%E2%9C%93&tilde=~x&star=%2A")
    g.signed("get-query-from-params", "botocore urlencodes params (space as '+') but signs them as %20", "GET",
             "/search", params={"q": "a b+c", "z": "last", "a": "first"})
    g.signed("get-path-space", "a path segment with an encoded space", "GET", "/things/hello%20world")
    g.signed("get-path-encoded-slash", "a path segment holding an encoded '/'", "GET",
             "/restapis/abc123/resources/a%2Fb")
    g.signed("get-path-arn", "an ARN percent-encoded into one path segment", "GET",
             "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc", service="apigateway")
    g.signed("get-path-raw-arn", "an ARN sent with raw ':' characters", "GET",
             "/tags/arn:aws:apigateway:us-east-1::/restapis/abc", service="apigateway")
    g.signed("get-path-tilde", "JSON-pointer style '~1' in a path", "GET", "/files/~1pets~1%7BpetId%7D")
    g.signed("get-path-braces", "encoded braces of a greedy path variable", "GET",
             "/restapis/abc123/resources/%7Bproxy%2B%7D")
    g.signed("get-path-unicode", "UTF-8 percent-encoded path segments", "GET",
             "/names/%C3%A9t%C3%A9/%F0%9F%98%80")
    g.signed("get-path-dot-segments", "botocore removes '.', '..' and empty segments before signing", "GET",
             "/a/./b/../c//d/")
    g.signed("get-path-trailing-slash", "trailing slash is kept", "GET", "/restapis/")
    g.signed("post-json", "POST with a JSON body and a content type", "POST", "/restapis",
             body=json_body, headers={"Content-Type": "application/json"})
    g.signed("patch-json", "PATCH with a patch-operations body", "PATCH", "/restapis/abc123/stages/prod",
             body=patch_body, headers={"Content-Type": "application/json"}, service="apigateway")
    g.signed("delete-no-body", "DELETE with no body", "DELETE", "/restapis/abc123/resources/r1",
             service="apigateway")
    g.signed("put-empty-body", "PUT with an empty body sends Content-Length: 0", "PUT", "/things/1", body=b"")
    g.signed("headers-whitespace", "values with leading, trailing and inner runs of whitespace", "GET", "/h",
             headers={"X-Spaced": "  a   b \t c  ", "X-Empty-Ish": "   "})
    g.signed("headers-latin1", "an ISO-8859-1 header value", "GET", "/h", headers={"X-Name": "caf\u00e9"})
    g.signed("headers-unsigned-extra", "headers added after signing are not in SignedHeaders", "GET", "/x",
             add_after_signing={"X-Forwarded-For": "203.0.113.7", "X-Amzn-Trace-Id": "Root=1-abc"})
    g.signed("custom-host", "a virtual host name in Host", "GET", "/prod/pets?type=dog",
             host="abc123.execute-api.us-east-1.amazonaws.com")
    g.signed("date-header", "the Date header (RFC 1123) instead of X-Amz-Date", "GET", "/dated",
             headers={"Date": "placeholder"})
    g.signed("unsigned-payload", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "POST", "/upload",
             body=b"not hashed", unsigned_payload=True)
    g.signed("content-sha256-header", "an explicit x-amz-content-sha256 holding the body's hash", "POST",
             "/hashed", body=b'{"a":1}', headers={"X-Amz-Content-SHA256": hashlib.sha256(b'{"a":1}').hexdigest()})
    g.signed("session-token", "temporary credentials add a signed X-Amz-Security-Token", "GET", "/restapis",
             token=SESSION_TOKEN, service="apigateway")
    g.signed("lambda-invoke-arn", "Lambda invoke with a function ARN in the path", "POST",
             "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/invocations",
             body=b'{"key":"value"}', service="lambda")
    g.signed("leap-day-midnight", "a request one second before midnight on a leap day", "POST", "/late",
             body=b"x", when=datetime.datetime(2024, 2, 29, 23, 59, 59))

    g.presigned("presigned-get", "presigned URL for a GET with its own query", "GET",
                "/prod/pets?type=dog&page=2", expires=300)
    g.presigned("presigned-signed-header", "presigned URL that also signs a custom header", "GET",
                "/prod/secret", headers={"X-Custom": "yes"}, expires=60)
    g.presigned("presigned-lambda", "presigned URL scoped to lambda", "GET",
                "/2015-03-31/functions/my-fn/configuration", service="lambda", expires=900)
    g.presigned("presigned-week", "presigned URL valid for a week", "GET", "/long", expires=604800)

    g.call("client-get-rest-apis", "apigateway GetRestApis with limit and position", "apigateway",
           "get_rest_apis", "apigateway", limit=10, position="abc def+/=")
    g.call("client-tag-resource", "apigateway TagResource: the ARN label is percent-encoded", "apigateway",
           "tag_resource", "apigateway", resourceArn="arn:aws:apigateway:us-east-1::/restapis/abc123",
           tags={"team": "gateway", "cost center": "42"})
    g.call("client-update-rest-api", "apigateway UpdateRestApi (PATCH)", "apigateway", "update_rest_api",
           "apigateway", restApiId="abc123",
           patchOperations=[{"op": "replace", "path": "/description", "value": "new \u00e9"}])
    g.call("client-delete-resource", "apigateway DeleteResource (DELETE)", "apigateway", "delete_resource",
           "apigateway", restApiId="abc123", resourceId="r00t1d")
    g.call("client-get-resource-embed", "apigateway GetResource with a repeated embed list", "apigateway",
           "get_resource", "apigateway", restApiId="abc123", resourceId="r1", embed=["methods", "a b"])
    g.call("client-get-method", "apigateway GetMethod", "apigateway", "get_method", "apigateway",
           restApiId="abc123", resourceId="r1", httpMethod="GET")
    g.call("client-put-method-response", "apigateway PutMethodResponse with a JSON body", "apigateway",
           "put_method_response", "apigateway", restApiId="abc123", resourceId="r1", httpMethod="ANY",
           statusCode="200", responseModels={"application/json": "Empty"})
    g.call("client-lambda-invoke", "lambda Invoke by ARN", "lambda", "invoke", "lambda",
           FunctionName="arn:aws:lambda:us-east-1:123456789012:function:my-fn:live", Payload=b'{"n":1}')
    g.call("client-lambda-list", "lambda ListFunctions", "lambda", "list_functions", "lambda", MaxItems=5)
    g.client_presigned("client-presigned-get-rest-apis", "generate_presigned_url for apigateway GetRestApis",
                       "apigateway", "get_rest_apis", "apigateway", {"limit": 5}, 600)

    with open(OUTPUT, "w", encoding="utf-8") as out:
        json.dump({
            "generator": "generate_fixtures.py",
            "botocore": botocore.__version__,
            "fixtures": g.fixtures,
        }, out, indent=2, ensure_ascii=True)
        out.write("\n")
    print(f"wrote {len(g.fixtures)} fixtures to {OUTPUT}")


if __name__ == "__main__":
    main()
