#!/usr/bin/env python3
"""Small helpers for bench/run.sh: ports, readiness, the 1,000-resource API, deploy timing, recording
measurements, and the final report. Standard library only, plus boto3 (which the AWS CLI is built on)
for the one job where starting the CLI 5,000 times would take half an hour.

Every address used here is 127.0.0.1; nothing here sends traffic anywhere else.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import sys
import time
import urllib.parse

LOOPBACK = "127.0.0.1"


def _loopback_url(url):
    u = urllib.parse.urlsplit(url)
    if u.hostname != LOOPBACK:
        sys.exit(f"benchlib: refusing {url!r} (expected: http://127.0.0.1:PORT/...)")
    return u


def _get(conn, path, method="GET", body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    return r.status, data, r


# ---------------------------------------------------------------------------------------------- ports


def cmd_freeports(a):
    socks, ports = [], []
    for _ in range(a.count):
        s = socket.socket()
        s.bind((LOOPBACK, 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    print(" ".join(map(str, ports)))


# ------------------------------------------------------------------------------------------ readiness


def cmd_wait_ready(a):
    """Polls every URL until each has answered 200 once; prints ms since --t0-ns (CLOCK_REALTIME)."""
    pending = [_loopback_url(u) for u in a.urls]
    deadline = time.monotonic() + a.timeout
    while pending:
        if a.pid and not os.path.exists(f"/proc/{a.pid}"):
            sys.exit(f"benchlib: process {a.pid} exited before it was ready")
        u = pending[0]
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=2)
            status, _, _ = _get(c, u.path or "/")
            c.close()
            if status == 200:
                pending.pop(0)
                continue
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"benchlib: {urllib.parse.urlunsplit(u)} not ready after {a.timeout} s")
        time.sleep(0.002)
    elapsed_ms = (time.time_ns() - a.t0_ns) / 1e6
    print(f"{elapsed_ms:.0f}")
    if a.record:
        with open(a.record, "a") as f:
            f.write(json.dumps({"label": a.label, "ms": round(elapsed_ms, 1)}) + "\n")


def cmd_check(a):
    """One request, repeated until it answers as expected or --timeout passes: --expect-status (200 by
    default) and, if given, exactly the bytes of --expect-file, the text --expect-text, or a body of
    --expect-bytes."""
    u = _loopback_url(a.url)
    headers = dict(h.split(": ", 1) for h in a.header)
    want = None
    if a.expect_file:
        with open(a.expect_file, "rb") as f:
            want = f.read()
    elif a.expect_text is not None:
        want = a.expect_text.encode()
    deadline = time.monotonic() + a.timeout
    while True:
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            path = u.path + ("?" + u.query if u.query else "")
            status, data, _ = _get(c, path, a.method, a.body.encode() if a.body else None, headers)
            c.close()
            if (status == a.expect_status and (want is None or data == want)
                    and (a.expect_bytes is None or len(data) == a.expect_bytes)):
                print(f"{status} {len(data)} bytes")
                return
            last = f"{status} {len(data)} bytes: {data[:200]!r}"
        except OSError as e:
            last = repr(e)
        if time.monotonic() > deadline:
            expected = f"{a.expect_status}" + (f" with {a.expect_file}" if a.expect_file else "") + (
                f" with {a.expect_text!r}" if a.expect_text is not None else "") + (
                f" with {a.expect_bytes} bytes" if a.expect_bytes is not None else "")
            sys.exit(f"benchlib: {a.method} {a.url} did not answer {expected} (last: {last})")
        time.sleep(0.05)


# ---------------------------------------------------------------------------------- management API


def _client(endpoint):
    import boto3
    from botocore.config import Config

    _loopback_url(endpoint)
    return boto3.client(
        "apigateway",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}, max_pool_connections=8),
    )


def cmd_large_api(a):
    """Builds an API of --resources resources through the management API, each with a MOCK GET that
    answers the template in --template-file. The tree is two levels, /s{i} and /s{i}/r{j}, so that
    routing walks a wide first level and a second level like real APIs do. Prints the API id and the
    path of the last resource created."""
    apigw = _client(a.endpoint)
    template = open(a.template_file).read()
    t0 = time.monotonic()
    api = apigw.create_rest_api(name=f"bench-{a.resources}-resources")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    per_parent = 10  # each parent plus 9 children

    def mock_get(resource_id):
        apigw.put_method(restApiId=api, resourceId=resource_id, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(
            restApiId=api,
            resourceId=resource_id,
            httpMethod="GET",
            type="MOCK",
            requestTemplates={"application/json": '{"statusCode": 200}'},
        )
        apigw.put_method_response(restApiId=api, resourceId=resource_id, httpMethod="GET", statusCode="200")
        apigw.put_integration_response(
            restApiId=api,
            resourceId=resource_id,
            httpMethod="GET",
            statusCode="200",
            responseTemplates={"application/json": template},
        )

    # Parents first, then children, then a MOCK GET on each: every step on a few threads, because each
    # admin call is one durable (fsynced) transaction and the client's own round trip is worth hiding.
    from concurrent.futures import ThreadPoolExecutor

    n_parents = (a.resources + per_parent - 1) // per_parent
    with ThreadPoolExecutor(max_workers=a.threads) as pool:
        parents = list(
            pool.map(lambda i: apigw.create_resource(restApiId=api, parentId=root, pathPart=f"s{i}"), range(n_parents))
        )
        wanted = []
        for p in parents:
            wanted.append(None)
            wanted.extend((p, j) for j in range(per_parent - 1))
        wanted = wanted[: a.resources]
        children = list(
            pool.map(
                lambda pj: apigw.create_resource(restApiId=api, parentId=pj[0]["id"], pathPart=f"r{pj[1]}"),
                [w for w in wanted if w is not None],
            )
        )
        resources = parents + children
        list(pool.map(lambda r: mock_get(r["id"]), resources))
    made = len(resources)
    last_path = children[-1]["path"] if children else parents[-1]["path"]
    count = len(apigw.get_resources(restApiId=api, limit=500)["items"])  # first page, a sanity check
    if count < min(500, a.resources):
        sys.exit(f"benchlib: large API has {count} resources on its first page (expected: 500)")
    sys.stderr.write(
        f"  built API {api}: {made} resources with a MOCK GET each in {time.monotonic() - t0:.1f} s\n"
    )
    print(api, last_path)


def cmd_deploy_time(a):
    """CreateDeployment to a new stage, then GET the last resource on a kept-alive connection in a tight
    loop until it answers 200. Records the time from sending CreateDeployment to that 200."""
    apigw = _client(a.endpoint)
    u = _loopback_url(a.data_endpoint)
    path = f"/restapis/{a.api}/{a.stage}/_user_request_{a.path}"
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    status, _, _ = _get(c, path)
    if status == 200:
        sys.exit(f"benchlib: {path} already answers 200 before the deployment")
    apigw.get_rest_api(restApiId=a.api)  # warm the client's connection: time the deployment, not a TCP connect
    t0 = time.perf_counter()
    apigw.create_deployment(restApiId=a.api, stageName=a.stage)
    t_ack = time.perf_counter()
    polls, deadline = 0, t0 + a.timeout
    while True:
        polls += 1
        try:
            status, _, _ = _get(c, path)
        except (OSError, http.client.HTTPException):
            c.close()
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            status = None
        if status == 200:
            break
        if time.perf_counter() > deadline:
            sys.exit(f"benchlib: {path} not serving {a.timeout} s after CreateDeployment")
    t_serving = time.perf_counter()
    rec = {
        "stage": a.stage,
        "create_deployment_ms": round((t_ack - t0) * 1000, 1),
        "to_serving_ms": round((t_serving - t0) * 1000, 1),
        "polls": polls,
    }
    with open(a.record, "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(f"{rec['to_serving_ms']:.0f} ms to serving (CreateDeployment answered in {rec['create_deployment_ms']:.0f} ms)")


# ----------------------------------------------------------------------------------------- recording


def _pid_ticks(pids):
    """utime + stime of each process (all its threads), in clock ticks; a gone process counts 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return total


def _stat_ticks():
    """Per CPU, from /proc/stat: (busy ticks, total ticks, interrupt ticks). Busy counts user, nice,
    system and steal; interrupt counts irq and softirq. They are apart because this kernel (like most)
    does not charge interrupt time to any process: loopback networking done in softirq while a CPU was
    otherwise idle is ours but shows in no process's utime/stime, so it must not count as "foreign"."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            p = line.split()
            if p and p[0].startswith("cpu") and p[0] != "cpu":
                user, nice, system, idle, iowait, irq, softirq, steal = map(int, p[1:9])
                total = user + nice + system + idle + iowait + irq + softirq + steal
                out[p[0]] = (user + nice + system + steal, total, irq + softirq)
    return out


def cmd_wait_quiet(a):
    """Waits until the whole machine's CPU use (% of one CPU) stays under --max-busy for two samples in a
    row, or --timeout passes. Prints the last reading; exits 0 either way (the run records the reading)."""
    hz_samples, deadline, quiet_in_row, busy = a.sample, time.monotonic() + a.timeout, 0, None
    waited = False
    while True:
        s0 = _stat_ticks()
        time.sleep(hz_samples)
        s1 = _stat_ticks()
        busy = 100.0 * sum(s1[c][0] - s0[c][0] for c in s1 if c in s0) / os.sysconf("SC_CLK_TCK") / hz_samples
        quiet_in_row = quiet_in_row + 1 if busy <= a.max_busy else 0
        if quiet_in_row >= 2 or time.monotonic() > deadline:
            break
        if not waited and busy > a.max_busy:
            sys.stderr.write(f"  the machine is busy ({busy:.0f}% of a CPU used by other processes); waiting up to"
                             f" {a.timeout:.0f} s for it to quieten (BENCH_QUIET_WAIT)\n")
            waited = True
    print(f"{busy:.0f}")


def cmd_warmup(a):
    """Warms a target up: wrk in --chunk second pieces until throughput stops climbing (the mean of the
    last 3 pieces no more than 3% above the mean of the 3 before them, after at least --min seconds) or
    --max seconds pass. JVMs pinned to one CPU share it with their JIT compilers, so this takes about
    half a minute for Turnpike and one to two for Spring Cloud Gateway, whose throughput climbs in steps
    with pauses between them (a test on single pieces stopped it at 40% of its plateau)."""
    import subprocess

    _loopback_url(a.url)
    env = dict(os.environ, BENCH_METHOD=a.method, BENCH_BODY=a.body or "", BENCH_RATE="0",
               BENCH_OUT=a.wrk_json)
    cmd = ["taskset", "-c", str(a.cpu), "wrk", "-t1", f"-c{a.conns}", f"-d{a.chunk}s", "--timeout", "5s",
           "-s", a.script]
    for h in a.header:
        cmd += ["-H", h]
    cmd.append(a.url)
    series, flat, t0 = [], False, time.monotonic()
    while True:
        with open(a.log, "w") as log:
            subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
        w = json.load(open(a.wrk_json))
        rps = (w["requests"] - w["errors"]["status"]) / (w["duration_us"] / 1e6)
        series.append(rps)
        elapsed = time.monotonic() - t0
        if len(series) >= 6:
            last, before = series[-3:], series[-6:-3]
            flat = sum(last) <= 1.03 * sum(before)
        if (flat and elapsed >= a.min) or elapsed >= a.max:
            break
    print(f"  warm-up    {a.target:<16} {elapsed:4.0f} s: " + " ".join(f"{x / 1000:.1f}k" for x in series)
          + ("" if flat or len(series) < 6 else "  (still climbing at the limit)"), flush=True)


def cmd_run_wrk(a):
    """Runs one wrk (pinned), and records its JSON summary with where the CPU time went: the server
    under test, everything else this run started, wrk itself, and the rest of the machine ("foreign"),
    which should be near zero for a trustworthy point."""
    import resource
    import signal
    import subprocess

    hz = os.sysconf("SC_CLK_TCK")
    server = a.server_pids.split()
    ours = a.our_pids.split()
    env = dict(os.environ, BENCH_METHOD=a.method, BENCH_BODY=a.body or "", BENCH_RATE=str(a.rate), BENCH_OUT=a.wrk_json)
    cmd = ["taskset", "-c", str(a.cpu), "wrk", "-t1", f"-c{a.conns}", f"-d{a.seconds}s", "--timeout", "5s", "-s", a.script]
    for h in a.header:
        cmd += ["-H", h]
    cmd.append(a.url)
    _loopback_url(a.url)

    s0, srv0, ours0, t0 = _stat_ticks(), _pid_ticks(server), _pid_ticks(ours), time.monotonic()
    with open(a.log, "w") as log:
        child = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)

    def stop(signum, frame):
        child.terminate()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _, status, ru = os.wait4(child.pid, 0)
    t1, s1, srv1, ours1 = time.monotonic(), _stat_ticks(), _pid_ticks(server), _pid_ticks(ours)
    if status != 0 or not os.path.exists(a.wrk_json):
        sys.exit(f"benchlib: wrk failed (status {status}); see {a.log}")
    if a.phase == "warmup":
        return

    wall = t1 - t0
    busy = sum(s1[c][0] - s0[c][0] for c in s1 if c in s0) / hz
    irq_s = sum(s1[c][2] - s0[c][2] for c in s1 if c in s0) / hz
    # per CPU, busy including interrupts: how loaded each core was
    per_cpu = {
        c: round(100.0 * (s1[c][0] + s1[c][2] - s0[c][0] - s0[c][2]) / max(1, s1[c][1] - s0[c][1]), 1)
        for c in s1
        if c in s0
    }
    server_s = (srv1 - srv0) / hz
    ours_s = (ours1 - ours0) / hz
    wrk_s = ru.ru_utime + ru.ru_stime
    foreign_s = max(0.0, busy - ours_s - wrk_s)
    wrk = json.load(open(a.wrk_json))
    secs = wrk["duration_us"] / 1e6
    good = wrk["requests"] - wrk["errors"]["status"]
    rec = {
        "phase": a.phase,
        "round": a.round,
        "target": a.target,
        "conns": a.conns,
        "rate": a.rate,
        "rps": round(wrk["requests"] / secs, 1),
        "good_rps": round(good / secs, 1),
        "bytes_per_response": round(wrk["bytes"] / wrk["requests"], 1) if wrk["requests"] else None,
        "cpu_busy_pct": per_cpu,
        # percent of one CPU over the point's wall time
        "server_cpu_pct": round(100 * server_s / wall, 1),
        "wrk_cpu_pct": round(100 * wrk_s / wall, 1),
        "ours_cpu_pct": round(100 * ours_s / wall, 1),
        "foreign_cpu_pct": round(100 * foreign_s / wall, 1),
        "interrupt_cpu_pct": round(100 * irq_s / wall, 1),
        "wrk": wrk,
    }
    disturbed = a.max_foreign is not None and rec["foreign_cpu_pct"] > a.max_foreign
    if disturbed:
        rec["discarded"] = True
    with open(a.out, "a") as f:
        f.write(json.dumps(rec) + "\n")
    errs = {k: v for k, v in wrk["errors"].items() if v}
    lat = wrk["latency_us"]
    print(
        f"  {a.phase:<10} r{a.round} {a.target:<16} c={a.conns:<4}"
        + (f" @{a.rate:g}/s" if a.rate else "")
        + f" {rec['good_rps']:>8.0f} req/s  p50 {lat['p50'] / 1000:6.2f}  p99 {lat['p99'] / 1000:7.2f}"
        f"  p99.9 {lat['p999'] / 1000:7.2f} ms  server {rec['server_cpu_pct']:5.1f}% wrk {rec['wrk_cpu_pct']:5.1f}%"
        f" foreign {rec['foreign_cpu_pct']:5.1f}%"
        + (f"  errors {errs}" if errs else "")
        + ("  DISCARDED (other processes were busy), measuring again" if disturbed else ""),
        flush=True,
    )
    if disturbed:
        sys.exit(3)


def cmd_rss(a):
    """Peak resident set (VmHWM) of a server: the sum over its processes (nginx: master + worker)."""
    total, per = 0, {}
    for pid in a.pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmHWM:"):
                    kb = int(line.split()[1])
                    per[pid] = kb
                    total += kb
        except OSError:
            per[pid] = None
    with open(a.out, "a") as f:
        f.write(json.dumps({"target": a.target, "peak_rss_kb": total, "per_pid_kb": per}) + "\n")


# -------------------------------------------------------------------------------------------- report


def _load_jsonl(path):
    if not os.path.exists(path):
        return []
    return [r for r in (json.loads(line) for line in open(path) if line.strip()) if not r.get("discarded")]


def _median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


TARGETS_SPEC = [
    # key, description, measured value (from the summary), comparison, bound, unit
    ("proxy_vs_nginx", "Turnpike HTTP_PROXY / nginx proxy, max throughput", ">=", 0.9, "x"),
    ("proxy_vs_scg", "Turnpike HTTP_PROXY / Spring Cloud Gateway, max throughput", ">=", 3.0, "x"),
    ("added_p99_ms", "added p99 over the direct backend at 50% load (HTTP_PROXY)", "<=", 1.0, "ms"),
    ("chain_vs_proxy", "full chain ({chain}) / plain proxy, max throughput", ">=", 0.8, "x"),
    ("guarded_vs_proxy", "HTTP_PROXY + API key, usage plan, stage throttle, cached Lambda authorizer / plain"
     " HTTP_PROXY, max throughput", ">=", 0.8, "x"),
    ("large_vs_small", "1,000-resource API / 1-resource API (MOCK), max throughput", ">=", 0.95, "x"),
    ("start_to_ready_ms", "start to ready (empty data dir, median)", "<=", 1500, "ms"),
    ("peak_rss_mb", "Turnpike peak RSS under load", "<=", 300, "MB"),
    ("deploy_ms", "CreateDeployment of 1,000 resources to serving (median)", "<=", 200, "ms"),
]


def cmd_report(a):
    run = a.run_dir
    meta = json.load(open(os.path.join(run, "meta.json")))
    meas = _load_jsonl(os.path.join(run, "measurements.jsonl"))
    rss = {r["target"]: r for r in _load_jsonl(os.path.join(run, "rss.jsonl"))}
    starts = _load_jsonl(os.path.join(run, "startup.jsonl"))
    deploys = _load_jsonl(os.path.join(run, "deploy.jsonl"))
    targets = meta["targets"]
    conns = meta["conns"]

    per = {}
    for t in targets:
        name = t["name"]
        tp = [m for m in meas if m["target"] == name and m["phase"] == "throughput"]
        by_c = {}
        for c in conns:
            runs = [m for m in tp if m["conns"] == c]
            if runs:
                by_c[c] = {
                    "good_rps_median": _median([m["good_rps"] for m in runs]),
                    "good_rps_rounds": [m["good_rps"] for m in runs],
                    "server_cpu_pct": _median([m["server_cpu_pct"] for m in runs]),
                    "wrk_cpu_pct": _median([m["wrk_cpu_pct"] for m in runs]),
                    "load_cpu_busy_pct": _median([m["cpu_busy_pct"].get(meta["load_cpu_name"]) for m in runs]),
                    "foreign_cpu_pct_max": max(m["foreign_cpu_pct"] for m in runs),
                    "errors": sum(sum(m["wrk"]["errors"].values()) for m in runs),
                    "p99_ms_at_max": _median([m["wrk"]["latency_us"]["p99"] / 1000 for m in runs]),
                }
        best_c = max(by_c, key=lambda c: by_c[c]["good_rps_median"]) if by_c else None
        lat = [m for m in meas if m["target"] == name and m["phase"] == "latency"]
        latency = None
        if lat:
            latency = {
                "target_rate": lat[0]["rate"],
                "achieved_rps": _median([m["rps"] for m in lat]),
                "p50_ms": _median([m["wrk"]["latency_us"]["p50"] / 1000 for m in lat]),
                "p99_ms": _median([m["wrk"]["latency_us"]["p99"] / 1000 for m in lat]),
                "p999_ms": _median([m["wrk"]["latency_us"]["p999"] / 1000 for m in lat]),
                "errors": sum(sum(m["wrk"]["errors"].values()) for m in lat),
                "server_cpu_pct": _median([m["server_cpu_pct"] for m in lat]),
                "rounds": [
                    {k: m["wrk"]["latency_us"][k] for k in ("p50", "p99", "p999", "max")} | {"rps": m["rps"]}
                    for m in lat
                ],
            }
        foreign = [m["foreign_cpu_pct"] for m in meas if m["target"] == name and m["phase"] != "warmup"]
        per[name] = {
            "label": t["label"],
            "foreign_cpu_pct_max": max(foreign) if foreign else None,
            "throughput": by_c,
            "max_rps": by_c[best_c]["good_rps_median"] if best_c else None,
            "max_at_conns": best_c,
            "latency": latency,
            "peak_rss_mb": round(rss[name]["peak_rss_kb"] / 1024, 1) if name in rss else None,
        }

    def mx(n):
        return per.get(n, {}).get("max_rps")

    def ratio(x, y):
        return round(x / y, 3) if x and y else None

    cold = [s["ms"] for s in starts if s["label"] == "cold"]
    warm = [s["ms"] for s in starts if s["label"] == "restart-with-data"]
    cold_inner = [s["ms"] for s in starts if s["label"] == "cold-in-process" and s["ms"] is not None]
    warm_inner = [s["ms"] for s in starts if s["label"] == "restart-with-data-in-process" and s["ms"] is not None]
    lat_direct = (per.get("direct") or {}).get("latency") or {}
    lat_proxy = (per.get("tp-proxy") or {}).get("latency") or {}
    summary = {
        "proxy_vs_nginx": ratio(mx("tp-proxy"), mx("nginx-proxy")),
        "proxy_vs_scg": ratio(mx("tp-proxy"), mx("scg")),
        "added_p99_ms": round(lat_proxy["p99_ms"] - lat_direct["p99_ms"], 3)
        if lat_proxy.get("p99_ms") is not None and lat_direct.get("p99_ms") is not None
        else None,
        "chain_vs_proxy": ratio(mx("tp-chain"), mx("tp-proxy")),
        "guarded_vs_proxy": ratio(mx("tp-proxy-guarded"), mx("tp-proxy")),
        "large_vs_small": ratio(mx("tp-mock-1000"), mx("tp-mock")),
        "start_to_ready_ms": _median(cold),
        "peak_rss_mb": next(
            (per[t]["peak_rss_mb"] for t in ("tp-proxy", "tp-proxy-guarded", "tp-mock", "tp-mock-1000", "tp-chain")
             if t in per),
            None,
        ),
        "deploy_ms": _median([d["to_serving_ms"] for d in deploys]),
    }
    verdicts = []
    n_res = f"{meta.get('resources', 1000):,}"
    for key, desc, op, bound, unit in TARGETS_SPEC:
        desc = desc.replace("1,000", n_res).replace("{chain}", meta.get("chain_short") or "as it exists")
        v = summary[key]
        if v is None:
            verdicts.append({"key": key, "measure": desc, "value": None, "target": f"{op} {bound}", "met": None})
            continue
        met = v >= bound if op == ">=" else v <= bound
        if met:
            note = "met"
        elif op == ">=":
            note = f"missed: {v / bound * 100:.0f}% of the target"
        else:
            note = f"missed by {v - bound:g} {unit} ({v / bound:.1f}x the bound)"
        verdicts.append(
            {"key": key, "measure": desc, "value": v, "unit": unit, "target": f"{op} {bound:g}", "met": met, "note": note}
        )

    result = {
        "meta": meta,
        "targets": per,
        "startup": {"cold_ms": cold, "restart_with_data_ms": warm,
                    "cold_in_process_ms": cold_inner, "restart_with_data_in_process_ms": warm_inner},
        "deploy_1000": deploys,
        "summary": summary,
        "verdicts": verdicts,
    }
    lambda_file = os.path.join(run, "lambda.json")
    if os.path.exists(lambda_file):
        result["lambda"] = json.load(open(lambda_file))
    with open(a.json_out, "w") as f:
        json.dump(result, f, indent=2)

    # ---- the table
    out = []
    w = out.append
    w(f"Turnpike bench, {meta['date']} on {meta['machine']['nproc']} CPUs ({meta['machine']['cpu_model']}),"
      f" {meta['machine']['mem_total']} RAM")
    w(f"command: {meta['command']}")
    w(f"placement: servers on CPU {meta['server_cpu']}, wrk + backend on CPU {meta['load_cpu']};"
      f" JVMs: {meta['jvm_flags']}; {meta['rounds']} interleaved rounds x {meta['duration_s']} s per point")
    w("")
    cols = " | ".join(f"c={c}" for c in conns)
    w(f"| target | max req/s | {cols} | CPU at max: server / load side | p50 / p99 / p99.9 ms at {meta.get('fixed_rate') or '?'} req/s"
      f" (achieved req/s) | peak RSS MB | foreign CPU |")
    w("|---|---:|" + "---:|" * len(conns) + "---:|---|---:|---:|")
    for t in targets:
        p = per[t["name"]]
        cells = []
        for c in conns:
            d = p["throughput"].get(c)
            cells.append(f"{d['good_rps_median']:,.0f}" if d else "-")
        best = p["throughput"].get(p["max_at_conns"]) if p["max_at_conns"] else None
        cpu = (f"{best['server_cpu_pct']:.0f}% / {best['load_cpu_busy_pct']:.0f}%"
               if best and best["load_cpu_busy_pct"] is not None else "-")
        L = p["latency"]
        lat = (f"{L['p50_ms']:.2f} / {L['p99_ms']:.2f} / {L['p999_ms']:.2f} ({L['achieved_rps']:,.0f})"
               if L else "-")
        if L and L["errors"]:
            lat += f" {L['errors']} errors"
        rss_s = f"{p['peak_rss_mb']:.0f}" if p["peak_rss_mb"] is not None else "-"
        mx_s = f"{p['max_rps']:,.0f}" if p["max_rps"] else "-"
        fg = f"{p['foreign_cpu_pct_max']:.0f}%" if p["foreign_cpu_pct_max"] is not None else "-"
        w(f"| {p['label']} | {mx_s} | {' | '.join(cells)} | {cpu} | {lat} | {rss_s} | {fg} |")
    w("")
    w("max req/s: the best connection count's median over rounds, 2xx-3xx answers only. CPU at max: the server's"
      f" own processes (% of one CPU) / CPU {meta['load_cpu']} where wrk and the backend run (busy %), at that point;"
      " a load side near 100% means the load side, not the server, limited the point. Foreign CPU: the worst"
      " point's CPU use by processes this run did not start, % of one CPU.")
    worst = max((p["foreign_cpu_pct_max"] or 0) for p in per.values())
    limit = meta.get("max_foreign_cpu_pct", 10)
    w(f"Points during which other processes used more than {limit:g}% of a CPU were discarded and measured again.")
    if worst > limit:
        w(f"WARNING: some points kept after the last retry had up to {worst:.0f}% of a CPU used by other processes:"
          " the machine was not quiet, and those points are disturbed.")
    errs = {t["name"]: sum(d["errors"] for d in per[t["name"]]["throughput"].values()) for t in targets}
    errs = {k: v for k, v in errs.items() if v}
    if errs:
        w(f"\nerrors during throughput runs (not counted as served): {errs}")
    acct = meta.get("account_throttle")
    if acct:
        # a Turnpike target that had errors and served no more than the account rate (plus the burst spread
        # over one point) was stopped by the account throttle, not by its own speed
        cap = acct["rateLimit"] + acct["burstLimit"] / meta["duration_s"]
        capped = [n for n in errs if n.startswith("tp-") and per[n]["max_rps"] and per[n]["max_rps"] <= 1.1 * cap]
        if capped:
            w(f"WARNING: {', '.join(capped)} served no more than the account throttle allows ({acct['rateLimit']:,.0f}"
              f" req/s, burst {acct['burstLimit']:,}) and were answered 429 beyond it: their maxima, and every ratio"
              " built on them, measure the throttle, not Turnpike.")
    w("")
    def ms_list(xs):
        return ", ".join(f"{x:.0f}" for x in xs)

    w(f"Turnpike start to ready (process start until /_turnpike/health answers 200 on both ports): empty data dir"
      f" {ms_list(cold)} ms (of which inside Turnpike.start: {ms_list(cold_inner)} ms)"
      + (f"; restart with all bench APIs stored: {ms_list(warm)} ms ({ms_list(warm_inner)} ms)" if warm else ""))
    if deploys:
        w("CreateDeployment of the 1,000-resource API to its last resource answering 200: "
          + ", ".join(f"{d['to_serving_ms']:.0f} ms (call {d['create_deployment_ms']:.0f} ms)" for d in deploys))
    w("")
    w("| measure | value | target | verdict |")
    w("|---|---:|---|---|")
    for v in verdicts:
        val = "-" if v["value"] is None else f"{v['value']:g} {v.get('unit', '')}".strip()
        w(f"| {v['measure']} | {val} | {v['target']} | {v.get('note', 'not measured')} |")
    w("")
    if "lambda" in result:
        import importlib.util

        spec = importlib.util.spec_from_file_location(
            "bench_lambda", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lambda", "run.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        w(mod.table(result["lambda"]))
        w("")
    w(f"full chain today = {meta.get('chain_description', '')}")
    if meta.get("guarded_description"):
        w(f"HTTP_PROXY + key, plan, throttle, authorizer = the HTTP_PROXY method plus {meta['guarded_description']}")
    auth = meta.get("authorizer")
    if auth:
        w(f"Lambda authorizer over the run (its function's log): {auth['invocations']} invocations, {auth['instances']}"
          f" instance starts (TTL {auth['ttl_s']} s; each expiry under load sends every request in flight to the"
          " function until one answer is cached again).")
    if acct:
        w(f"Turnpike's account throttle (GetAccount): {acct['rateLimit']:,.0f} req/s, burst {acct['burstLimit']:,}:"
          " every Turnpike target shares it, and answers beyond it are 429s (errors above, not counted as served).")
    text = "\n".join(out)
    print(text)
    with open(a.text_out, "w") as f:
        f.write(text + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("freeports")
    s.add_argument("count", type=int)
    s.set_defaults(fn=cmd_freeports)

    s = sub.add_parser("wait-ready")
    s.add_argument("--t0-ns", type=int, required=True)
    s.add_argument("--timeout", type=float, default=120)
    s.add_argument("--pid", type=int)
    s.add_argument("--label", default="")
    s.add_argument("--record")
    s.add_argument("urls", nargs="+")
    s.set_defaults(fn=cmd_wait_ready)

    s = sub.add_parser("check")
    s.add_argument("url")
    s.add_argument("--method", default="GET")
    s.add_argument("--body")
    s.add_argument("--header", action="append", default=[])
    s.add_argument("--expect-bytes", type=int)
    s.add_argument("--expect-status", type=int, default=200)
    s.add_argument("--expect-file", help="the exact body expected")
    s.add_argument("--expect-text", help="the exact body expected")
    s.add_argument("--timeout", type=float, default=10)
    s.set_defaults(fn=cmd_check)

    s = sub.add_parser("large-api")
    s.add_argument("--endpoint", required=True)
    s.add_argument("--resources", type=int, default=1000)
    s.add_argument("--template-file", required=True)
    s.add_argument("--threads", type=int, default=4)
    s.set_defaults(fn=cmd_large_api)

    s = sub.add_parser("deploy-time")
    s.add_argument("--endpoint", required=True)
    s.add_argument("--data-endpoint", required=True)
    s.add_argument("--api", required=True)
    s.add_argument("--stage", required=True)
    s.add_argument("--path", required=True)
    s.add_argument("--record", required=True)
    s.add_argument("--timeout", type=float, default=30)
    s.set_defaults(fn=cmd_deploy_time)

    s = sub.add_parser("wait-quiet")
    s.add_argument("--max-busy", type=float, default=20)
    s.add_argument("--timeout", type=float, default=600)
    s.add_argument("--sample", type=float, default=2.0, help="seconds per CPU sample")
    s.set_defaults(fn=cmd_wait_quiet)

    s = sub.add_parser("warmup")
    for k in ("--target", "--url", "--script", "--wrk-json", "--log"):
        s.add_argument(k, required=True)
    s.add_argument("--conns", type=int, default=64)
    s.add_argument("--cpu", type=int, required=True)
    s.add_argument("--chunk", type=int, default=5)
    s.add_argument("--min", type=float, default=15)
    s.add_argument("--max", type=float, default=120)
    s.add_argument("--method", default="GET")
    s.add_argument("--body")
    s.add_argument("--header", action="append", default=[])
    s.set_defaults(fn=cmd_warmup)

    s = sub.add_parser("run-wrk")
    for k in ("--phase", "--target", "--url", "--script", "--wrk-json", "--log", "--out", "--server-pids", "--our-pids"):
        s.add_argument(k, required=True)
    s.add_argument("--round", type=int, required=True)
    s.add_argument("--conns", type=int, required=True)
    s.add_argument("--seconds", type=int, required=True)
    s.add_argument("--cpu", type=int, required=True)
    s.add_argument("--rate", type=float, default=0)
    s.add_argument("--method", default="GET")
    s.add_argument("--body")
    s.add_argument("--header", action="append", default=[])
    s.add_argument("--max-foreign", type=float, help="discard the point (exit 3) above this foreign CPU %%")
    s.set_defaults(fn=cmd_run_wrk)

    s = sub.add_parser("rss")
    s.add_argument("--target", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("pids", nargs="+")
    s.set_defaults(fn=cmd_rss)

    s = sub.add_parser("report")
    s.add_argument("--run-dir", required=True)
    s.add_argument("--json-out", required=True)
    s.add_argument("--text-out", required=True)
    s.set_defaults(fn=cmd_report)

    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
