#!/usr/bin/env python3
"""Warm Lambda-proxy invocations: node and python functions behind Turnpike's AWS_PROXY integration,
against the same handler called directly (in-process, behind the runtime's own HTTP server).

    python3 bench/lambda/run.py [--seconds 20] [--rounds 2] [--runtimes nodejs20.x,python3.11]

bench/run.sh runs it at its end (BENCH_LAMBDA=0 skips it); on its own it needs a built jar
(mvn -B -q -o package -DskipTests -pl turnpike-server -am), wrk, taskset, node and python3 with boto3.

For each runtime: one function created through the Lambda management API on Turnpike's admin port, an
AWS_PROXY GET method in front of it, and a direct harness (handlers/direct.*) that calls the same
handler in-process from node's or python's own HTTP server. Both are driven by wrk on ONE keep-alive
connection, so exactly one warm function instance is busy (a Lambda instance serves one invocation at a
time): the latency is that of a single warm invocation, and the throughput through the gateway is what
one warm instance delivers. Reported per runtime: p50/p99 through the gateway and direct, the latency
the gateway adds (gateway minus direct, at p50 and at p99), and req/s per warm instance.

Placement as in bench/run.sh: Turnpike (and so its function instances, which inherit its CPU) and the
direct harnesses on --server-cpu, wrk on --load-cpu. Measurements alternate gateway and direct over
--rounds rounds; medians are reported. Before measuring, both bodies are checked to be identical (the
same handler answered) and after it, that the function was started once (one instance did all the
work). Every process it starts is stopped at the end, on failure and on Ctrl-C or SIGTERM.
"""
import argparse
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
WRK_LUA = os.path.join(BENCH, "lib", "wrk.lua")
KEY, SECRET = "AKIDBENCHLAMBDA", "bench-lambda-secret-" + os.urandom(8).hex()
RUNTIMES = {
    # runtime: (handler, file in the zip, direct harness)
    "nodejs20.x": ("index.handler", "index.js", ["node", "direct.js"]),
    "python3.11": ("handler.handler", "handler.py", ["python3", "direct.py"]),
}
procs = []


def say(msg):
    print(time.strftime("%H:%M:%S") + " " + msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(cpu, cmd):
    return (["taskset", "-c", str(cpu)] if cpu is not None else []) + cmd


def start(cmd, log, **kw):
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, **kw)
    procs.append(p)
    return p


def stop_all():
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_ok(url, seconds, proc=None):
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the process serving {url} exited ({proc.returncode})")
        try:
            status, body = get(url, timeout=5)
            if status == 200:
                return body
            last = f"{status} {body[:300]!r}"
        except OSError as e:
            last = repr(e)
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer 200 within {seconds} s (last: {last})")


def wrk(url, seconds, cpu, out):
    """wrk, one thread, one keep-alive connection, pinned; returns the JSON summary of lib/wrk.lua."""
    env = dict(os.environ, BENCH_METHOD="GET", BENCH_BODY="", BENCH_RATE="0", BENCH_OUT=out)
    cmd = pinned(cpu, ["wrk", "-t1", "-c1", f"-d{seconds}s", "--timeout", "5s", "-s", WRK_LUA, url])
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                   timeout=seconds + 60, check=True)
    with open(out) as f:
        w = json.load(f)
    errors = {k: v for k, v in w["errors"].items() if v}
    if errors:
        raise SystemExit(f"{url}: errors under load: {errors}")
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=20, help="seconds per measurement")
    ap.add_argument("--rounds", type=int, default=2, help="alternating gateway/direct rounds")
    ap.add_argument("--warmup", type=int, default=10, help="seconds of warm-up load per path")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES))
    ap.add_argument("--server-cpu", type=int, default=1)
    ap.add_argument("--load-cpu", type=int, default=0)
    ap.add_argument("--jvm-flags", default="-Xms256m -Xmx1g -XX:+UseG1GC")
    ap.add_argument("--jar", default=os.path.join(ROOT, "turnpike-server", "target", "turnpike.jar"))
    ap.add_argument("--out", help="JSON results (default: bench/results/lambda-<time>.json and lambda-latest.json)")
    ap.add_argument("--work-dir", help="where data and logs go (default: a temporary directory, kept)")
    a = ap.parse_args()
    for tool in ("wrk", "node", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    for r in a.runtimes.split(","):
        if r not in RUNTIMES:
            raise SystemExit(f"--runtimes: unknown {r} (expected: {', '.join(RUNTIMES)})")
    if not os.path.exists(a.jar):
        raise SystemExit(f"{a.jar} is missing: build it first (mvn -B -q -o package -DskipTests -pl turnpike-server -am)")
    server_cpu, load_cpu = a.server_cpu, a.load_cpu
    if (os.cpu_count() or 1) < 2:
        server_cpu = load_cpu = None

    import boto3
    from botocore.config import Config

    work = a.work_dir or tempfile.mkdtemp(prefix="tp-bench-lambda-")
    os.makedirs(work, exist_ok=True)
    data_port, admin_port = free_port(), free_port()
    # Turnpike resolves "python3" with its own PATH but starts the function with the host's PATH behind
    # /usr/local/bin:/usr/bin:/bin; python then finds its standard library from the first python3 on the
    # child's PATH. When the two differ (under pyenv, which puts its interpreter first in a python
    # process's PATH), the interpreter loads another python's library and the function dies at start
    # ("No module named 'binascii'"). Until Turnpike resolves the command with the child's PATH, start
    # it with that order already, so both lookups find the same interpreter.
    path = "/usr/local/bin:/usr/bin:/bin:" + os.environ.get("PATH", "")
    env = dict(os.environ, PATH=path, TURNPIKE_ACCESS_KEY_ID=KEY, TURNPIKE_SECRET_ACCESS_KEY=SECRET)
    tp_log = open(os.path.join(work, "turnpike.log"), "w")
    tp = start(pinned(server_cpu, ["java", *a.jvm_flags.split(), "-jar", a.jar, "serve", "--port", str(data_port),
                                   "--bind", "127.0.0.1", "--admin-port", str(admin_port),
                                   "--data-dir", os.path.join(work, "data")]), tp_log, env=env)
    admin = f"http://127.0.0.1:{admin_port}"
    wait_ok(admin + "/_turnpike/health", 120, tp)
    wait_ok(f"http://127.0.0.1:{data_port}/_turnpike/health", 30, tp)
    say(f"Turnpike ready (pid {tp.pid}); work dir {work}")

    def client(service):
        return boto3.client(service, endpoint_url=admin, region_name="us-east-1", aws_access_key_id=KEY,
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
        lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        rid = apigw.create_resource(restApiId=api, parentId=root, pathPart=name)["id"]
        apigw.put_method(restApiId=api, resourceId=rid, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=api, resourceId=rid, httpMethod="GET", type="AWS_PROXY",
                              integrationHttpMethod="POST",
                              uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
        port = free_port()
        # the direct harness runs on the interpreter the function host starts (the first on that PATH)
        direct_cmd = [shutil.which(direct_cmd[0], path=path) or direct_cmd[0]] + direct_cmd[1:]
        direct = start(pinned(server_cpu, direct_cmd + [str(port)]), open(os.path.join(work, f"direct-{name}.log"), "w"),
                       cwd=os.path.join(HERE, "handlers"))
        rows.append((runtime, name, f"/{name}", f"http://127.0.0.1:{port}/{name}", direct))
    apigw.create_deployment(restApiId=api, stageName="bench")
    base = f"http://127.0.0.1:{data_port}/restapis/{api}/bench/_user_request_"

    results = []
    for runtime, name, path, direct_url, direct in rows:
        gw_url = base + path
        gw_body = wait_ok(gw_url, 60, tp)  # the deployment is served, the function cold-started
        direct_body = wait_ok(direct_url, 30, direct)
        if gw_body != direct_body:
            raise SystemExit(f"{runtime}: the gateway answered {gw_body!r}, the direct harness {direct_body!r}")
        say(f"{runtime}: both answer {gw_body.decode()}; warming up {a.warmup} s each")
        wdir = os.path.join(work, "wrk")
        os.makedirs(wdir, exist_ok=True)
        for url in (gw_url, direct_url):
            wrk(url, a.warmup, load_cpu, os.path.join(wdir, f"warmup-{name}.json"))
        gw, dr = [], []
        for r in range(a.rounds):
            order = [("gateway", gw_url, gw), ("direct", direct_url, dr)]
            for kind, url, acc in (order if r % 2 == 0 else order[::-1]):
                w = wrk(url, a.seconds, load_cpu, os.path.join(wdir, f"{kind}-{name}-{r + 1}.json"))
                acc.append(w)
                lat = w["latency_us"]
                say(f"  {runtime:<11} r{r + 1} {kind:<8} {w['requests'] / (w['duration_us'] / 1e6):8.0f} req/s"
                    f"  p50 {lat['p50'] / 1000:6.3f}  p99 {lat['p99'] / 1000:6.3f} ms")
        log_file = os.path.join(work, "data", "functions", "logs", f"{name}.log")
        with open(log_file) as f:
            log = f.read()
        instances = log.count("Init Duration")

        def med(ws, key):
            return statistics.median(w["latency_us"][key] / 1000 for w in ws)

        def rps(ws):
            return statistics.median(w["requests"] / (w["duration_us"] / 1e6) for w in ws)

        g50, g99, d50, d99 = med(gw, "p50"), med(gw, "p99"), med(dr, "p50"), med(dr, "p99")
        results.append({
            "runtime": runtime,
            "gateway_p50_ms": round(g50, 3), "gateway_p99_ms": round(g99, 3), "gateway_p999_ms": round(med(gw, "p999"), 3),
            "direct_p50_ms": round(d50, 3), "direct_p99_ms": round(d99, 3), "direct_p999_ms": round(med(dr, "p999"), 3),
            "added_p50_ms": round(g50 - d50, 3), "added_p99_ms": round(g99 - d99, 3),
            "rps_per_warm_instance": round(rps(gw)), "direct_rps": round(rps(dr)),
            "instances_started": instances,
            "rounds": {"gateway": gw, "direct": dr},
        })
        if instances != 1:
            say(f"WARNING: {runtime}: the function was started {instances} times (expected once)")

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds": a.seconds, "rounds": a.rounds, "warmup_s": a.warmup, "connections": 1,
        "server_cpu": server_cpu, "load_cpu": load_cpu, "jvm_flags": a.jvm_flags,
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "work_dir": work,
    }
    doc = {"meta": meta, "results": results}
    print()
    print(table(doc))
    outs = [a.out] if a.out else [os.path.join(BENCH, "results", f"lambda-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"),
                                  os.path.join(BENCH, "results", "lambda-latest.json")]
    for out in outs:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(out, "w") as f:
            json.dump(doc, f, indent=2)
    say("wrote " + ", ".join(outs))


def table(doc):
    """The printed table (bench/lib/benchlib.py's report prints the same from the JSON)."""
    m = doc["meta"]
    out = [f"Warm Lambda-proxy invocations (AWS_PROXY), one connection = one warm instance; {m['rounds']} rounds x"
           f" {m['seconds']} s, medians",
           "",
           "| runtime | gateway p50 / p99 ms | direct p50 / p99 ms | added p50 / p99 ms | req/s per warm instance"
           " (direct) | instances started |",
           "|---|---|---|---|---:|---:|"]
    for r in doc["results"]:
        out.append(f"| {r['runtime']} | {r['gateway_p50_ms']:.3f} / {r['gateway_p99_ms']:.3f} |"
                   f" {r['direct_p50_ms']:.3f} / {r['direct_p99_ms']:.3f} |"
                   f" {r['added_p50_ms']:.3f} / {r['added_p99_ms']:.3f} |"
                   f" {r['rps_per_warm_instance']:,} ({r['direct_rps']:,}) | {r['instances_started']} |")
    return "\n".join(out)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    finally:
        stop_all()
