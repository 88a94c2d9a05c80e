#!/usr/bin/env python3
"""Warm Lambda-proxy invocations: node and python functions through Turnpike's AWS_PROXY integration,
against the same handler called directly (in-process, behind the runtime's own HTTP server).

    python3 bench/lambda/run.py [--seconds 20] [--runtimes nodejs20.x,python3.11]

What it prints, per runtime: p50 and p99 latency through the gateway and direct, the latency the gateway
adds (gateway minus direct, at p50 and p99), and the throughput of ONE warm instance (one connection, so
the function host keeps exactly one instance busy; a Lambda instance serves one invoke at a time).

NEEDS the local function host and the Lambda management API (CreateFunction on the admin port), which
are on other branches: until they are merged this script stops at CreateFunction with the admin API's
error. Also needs wrk (apt-get install wrk), node, python3 with boto3, and a built jar
(mvn -B -q package -DskipTests). Everything runs on 127.0.0.1; every process it starts is stopped at the
end, on failure and on Ctrl-C; the load runs are bounded in time.
"""
import argparse
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "turnpike-server", "target", "turnpike.jar")
KEY, SECRET = "AKIDBENCHLAMBDA", "bench-lambda-secret"
RUNTIMES = {
    # runtime: (handler, file in the zip, direct harness command)
    "nodejs20.x": ("index.handler", "index.js", ["node", "direct.js"]),
    "python3.11": ("handler.handler", "handler.py", [sys.executable, "direct.py"]),
}
procs = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, **kw):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, **kw)
    procs.append(p)
    return p


def stop_all(*_):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()


def wait_http(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


def wrk(url, seconds):
    """One connection, one thread: p50, p99 (ms) and requests/s."""
    out = subprocess.run(
        ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx answers under load")
    return ms("50"), ms("99"), rps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=500, help="requests per target before measuring")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES))
    a = ap.parse_args()
    for tool in ("wrk", "node"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    if not os.path.exists(JAR):
        raise SystemExit(f"{JAR} is missing: build it first (mvn -B -q package -DskipTests)")
    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(143)))

    import boto3
    from botocore.config import Config

    data, admin_port = free_port(), free_port()
    data_dir = tempfile.mkdtemp(prefix="tp-bench-lambda-")
    env = dict(os.environ, TURNPIKE_ACCESS_KEY_ID=KEY, TURNPIKE_SECRET_ACCESS_KEY=SECRET)
    start(["java", "-jar", JAR, "serve", "--port", str(data), "--admin-port", str(admin_port),
           "--data-dir", data_dir], env=env)
    admin = f"http://127.0.0.1:{admin_port}"
    wait_http(admin + "/_turnpike/health")
    client = lambda service: boto3.client(
        service, endpoint_url=admin, region_name="us-east-1", aws_access_key_id=KEY,
        aws_secret_access_key=SECRET, config=Config(retries={"max_attempts": 1}))
    lam, apigw = client("lambda"), client("apigateway")

    api = apigw.create_rest_api(name="bench-lambda")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    rows = []
    for runtime in a.runtimes.split(","):
        handler, filename, direct_cmd = RUNTIMES[runtime]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.write(os.path.join(HERE, "handlers", filename), filename)
        name = "bench-" + runtime.replace(".", "-")
        arn = lam.create_function(FunctionName=name, Runtime=runtime, Handler=handler,
                                  Role="arn:aws:iam::000000000000:role/bench", Code={"ZipFile": buf.getvalue()},
                                  Timeout=30, MemorySize=256)["FunctionArn"]
        for _ in range(300):
            if lam.get_function(FunctionName=name)["Configuration"].get("State", "Active") == "Active":
                break
            time.sleep(0.2)
        part = name
        rid = apigw.create_resource(restApiId=api, parentId=root, pathPart=part)["id"]
        apigw.put_method(restApiId=api, resourceId=rid, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=api, resourceId=rid, httpMethod="GET", type="AWS_PROXY",
                              integrationHttpMethod="POST",
                              uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
        port = free_port()
        start(direct_cmd + [str(port)], cwd=os.path.join(HERE, "handlers"))
        rows.append((runtime, f"/{part}", f"http://127.0.0.1:{port}/{part}"))
    apigw.create_deployment(restApiId=api, stageName="bench")
    base = f"http://127.0.0.1:{data}/restapis/{api}/bench/_user_request_"
    time.sleep(1.5)  # the data plane follows the store; a deployment is served within its poll interval

    print(f"{'runtime':<12} {'gw p50':>8} {'gw p99':>8} {'direct p50':>11} {'direct p99':>11} "
          f"{'added p50':>10} {'added p99':>10} {'req/s per warm instance':>24}")
    results = []
    for runtime, path, direct in rows:
        wait_http(direct)
        for url in (base + path, direct):
            for _ in range(a.warmup):
                status, body = get(url)
                if status != 200 or json.loads(body)["path"] is None:
                    raise SystemExit(f"{url}: {status} {body[:200]!r}")
        g50, g99, grps = wrk(base + path, a.seconds)
        d50, d99, _ = wrk(direct, a.seconds)
        results.append(dict(runtime=runtime, gateway_p50_ms=g50, gateway_p99_ms=g99, direct_p50_ms=d50,
                            direct_p99_ms=d99, added_p50_ms=g50 - d50, added_p99_ms=g99 - d99, rps_per_instance=grps))
        print(f"{runtime:<12} {g50:8.2f} {g99:8.2f} {d50:11.2f} {d99:11.2f} {g50 - d50:10.2f} {g99 - d99:10.2f} {grps:24.0f}")
    out = os.path.join(ROOT, "bench", "results", f"lambda-{time.strftime('%Y%m%d-%H%M%S')}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print(f"wrote {out}")


if __name__ == "__main__":
    try:
        main()
    finally:
        stop_all()
