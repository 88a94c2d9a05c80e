#!/usr/bin/env bash
# bench/run.sh: Turnpike side by side with nginx and Spring Cloud Gateway, on one machine, in one run.
#
#   bench/run.sh                  the whole run (about 20 minutes on 2 CPUs); see bench/README.md
#   BENCH_QUICK=1 bench/run.sh    a smoke run (1 round, 3 s points, 100 resources) to check the harness
#   BENCH_HOLD=600 bench/run.sh   set everything up, print the URLs and pids, hold 10 min for profiling
#   BENCH_LAMBDA=0 bench/run.sh   without the warm Lambda-proxy part at the end (lambda/run.py)
#
# It installs what it is missing (Debian's wrk and nginx; it must run as root for that), builds
# Turnpike and the Spring Cloud Gateway peer with Maven, starts everything on 127.0.0.1 only, measures,
# prints one table and writes JSON under bench/results/. Every process it starts is stopped when it
# ends, fails or is interrupted. Knobs (environment): see "Knobs" below.
set -euo pipefail
{ # the whole script is one block, so bash reads all of it before running it (safe to edit mid-run)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
lib="$here/lib"
command_line="bench/run.sh${*:+ $*}"
for v in $(compgen -e | grep '^BENCH_' || true); do command_line="$v=${!v} $command_line"; done

# ------------------------------------------------------------------------------------------------ Knobs
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  : "${BENCH_DURATION:=3}" "${BENCH_ROUNDS:=1}" "${BENCH_WARMUP:=3}" "${BENCH_WARMUP_MAX:=10}" "${BENCH_LAT_DURATION:=3}"
  : "${BENCH_LAT_ROUNDS:=1}" "${BENCH_RESOURCES:=100}" "${BENCH_COLD_STARTS:=1}" "${BENCH_DEPLOYS:=1}"
fi
DURATION=${BENCH_DURATION:-8}          # seconds per throughput point
CONNS=(${BENCH_CONNS:-16 64 256})      # wrk connection counts (keep-alive)
ROUNDS=${BENCH_ROUNDS:-2}              # interleaved throughput rounds
WARMUP=${BENCH_WARMUP:-30}             # warm-up per target (64 connections): at least this many s,
WARMUP_MAX=${BENCH_WARMUP_MAX:-120}    # then until throughput stops climbing, at most this many s
LAT_DURATION=${BENCH_LAT_DURATION:-10} # seconds per fixed-rate latency point
LAT_ROUNDS=${BENCH_LAT_ROUNDS:-2}      # interleaved latency rounds
LAT_CONNS=${BENCH_LAT_CONNS:-256}      # connections for the fixed-rate runs (more than rate x latency)
LAT_FRACTION=${BENCH_LAT_FRACTION:-0.5} # fixed rate = this x nginx proxy's max throughput
RESOURCES=${BENCH_RESOURCES:-1000}     # resources in the large API
COLD_STARTS=${BENCH_COLD_STARTS:-3}    # extra Turnpike cold starts timed before the real one
DEPLOYS=${BENCH_DEPLOYS:-5}            # CreateDeployment timings of the large API
SERVER_CPU=${BENCH_SERVER_CPU:-1}      # every server under test runs here...
LOAD_CPU=${BENCH_LOAD_CPU:-0}          # ...and wrk, the backend and the helpers here
# The same for Turnpike and Spring Cloud Gateway: ./turnpike's defaults (reasons there and in bench/README.md,
# "JVMs"), plus each jar's own class-data archive (-XX:SharedArchiveFile, recorded below).
JVM_FLAGS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError"
CDS=${BENCH_CDS:-1}                    # 0 = no class-data archives
JVM_EXTRA=${BENCH_JVM_EXTRA:-}         # e.g. a JFR recording for Turnpike only (see README)
QUIET_BUSY=${BENCH_QUIET_BUSY:-20}     # "quiet" = other processes use under this % of a CPU...
QUIET_WAIT=${BENCH_QUIET_WAIT:-600}    # ...waited for (seconds) before starting
MAX_FOREIGN=${BENCH_MAX_FOREIGN:-10}   # a point with more foreign CPU % than this is measured again...
RETRIES=${BENCH_RETRIES:-3}            # ...up to this many times
# Also: BENCH_TARGETS="nginx-proxy tp-proxy" measures a subset; BENCH_FIXED_RATE=N sets the latency
# phase's rate; BENCH_HOLD=S sets up, prints the URLs and holds S seconds without measuring.
LAMBDA=${BENCH_LAMBDA:-1}              # 1 = also the warm Lambda-proxy invocations (lambda/run.py), at the end
LAMBDA_SECONDS=${BENCH_LAMBDA_SECONDS:-$([ "${BENCH_QUICK:-0}" = 1 ] && echo 3 || echo 20)} # per measurement
LAMBDA_ROUNDS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 1 || echo 2)  # gateway/direct rounds
LAMBDA_WARMUP=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 2 || echo 10) # warm-up seconds per path

# ------------------------------------------------------------------------------------------ Bookkeeping
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$here/results"
run="$results/$stamp"
mkdir -p "$run/logs"
pids=()     # every long-running process we started, in start order
wrk_pid=""

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { say "FAILED: $*" >&2; exit 1; }

stop_pid() { # TERM, up to 15 s, then KILL; only our own processes, by id
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$wrk_pid" ] && kill -TERM "$wrk_pid" 2>/dev/null || true
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[$i]}"; done
  wait 2>/dev/null || true
  [ $rc -ne 0 ] && say "stopped everything this run started; logs in $run/logs" >&2
  exit $rc
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------- Install
need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx)
command -v taskset >/dev/null || need_pkgs+=(util-linux)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need_pkgs[*]}; run as root or: sudo apt-get install -y ${need_pkgs[*]}"
  say "installing ${need_pkgs[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >"$run/logs/apt.log" 2>&1 ||
    { tail -20 "$run/logs/apt.log" >&2; die "apt-get install ${need_pkgs[*]}"; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in java mvn python3 aws node; do command -v "$tool" >/dev/null || die "$tool is needed (see bench/README.md)"; done
python3 -c 'import boto3' 2>/dev/null || die "python3 needs boto3 (it comes with the AWS CLI's Python)"
ncpu=$(nproc)
if [ "$ncpu" -lt 2 ]; then
  say "WARNING: $ncpu CPU: everything shares CPU 0, server and load alike; ratios only"
  SERVER_CPU=0 LOAD_CPU=0
fi

# ------------------------------------------------------------------------------------------------ Build
stale() { # $1 jar, $2 source dir: missing, or older than a source or pom (bench/ is not Turnpike's source)
  [ ! -f "$1" ] && return 0
  [ -n "$(find "$2" \( -path '*/target' -o -path "$root/bench" -o -path '*/.git' \) -prune -o \( -name '*.java' \
    -o -name 'pom.xml' -o -name '*.yml' -o -name '*.xml' -o -name '*.gz' \) -newer "$1" -print -quit)" ]
}
tp_jar="$root/turnpike-server/target/turnpike.jar"
scg_dir="$here/peers/spring-cloud-gateway"
scg_jar="$scg_dir/target/scg-peer.jar"
if stale "$tp_jar" "$root"; then
  say "building Turnpike ($tp_jar)"
  (cd "$root" && mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package) >"$run/logs/build-turnpike.log" 2>&1 ||
    { tail -30 "$run/logs/build-turnpike.log" >&2; die "Turnpike build"; }
fi
if stale "$scg_jar" "$scg_dir"; then
  say "building the Spring Cloud Gateway peer ($scg_jar)"
  (cd "$scg_dir" && mvn -B -q -DskipTests package) >"$run/logs/build-scg.log" 2>&1 ||
    { tail -30 "$run/logs/build-scg.log" >&2; die "Spring Cloud Gateway peer build"; }
fi

# --------------------------------------------------------------------------------------- Machine, ports
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem_total=$(free -h | awk '/^Mem:/ {print $2}')
busy_idle=$(python3 "$lib/benchlib.py" wait-quiet --max-busy "$QUIET_BUSY" --timeout "$QUIET_WAIT")
busy_idle="${busy_idle}% of a CPU"
say "machine: $ncpu CPUs ($cpu_model), $mem_total RAM; other processes' CPU use before start: $busy_idle"

read -r P_BACKEND P_NGINX P_SCG P_TP P_TP_ADMIN P_SPARE1 P_SPARE2 < <(python3 "$lib/benchlib.py" freeports 7)
backend="http://127.0.0.1:$P_BACKEND"
export TURNPIKE_ACCESS_KEY_ID="BENCH$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
export TURNPIKE_SECRET_ACCESS_KEY="$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
export AWS_ACCESS_KEY_ID=$TURNPIKE_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$TURNPIKE_SECRET_ACCESS_KEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN
admin="http://127.0.0.1:$P_TP_ADMIN"
tp_data="http://127.0.0.1:$P_TP"
apigw() { aws --endpoint-url "$admin" apigateway "$@"; }
lam() { aws --endpoint-url "$admin" lambda "$@"; }
# Turnpike's data port binds 0.0.0.0 unless told otherwise; everything here stays on loopback.
export TURNPIKE_BIND=127.0.0.1

# The 1 KB body every target answers: a JSON document of exactly 1,024 bytes (no '$', no quotes that
# nginx or VTL would read).
body_file="$run/body.json"
python3 -c "import json; pad = 1024 - len('{\"data\":\"\"}'); print(json.dumps({'data': 'x' * pad}, separators=(',', ':')), end='')" >"$body_file"
[ "$(wc -c <"$body_file")" = 1024 ] || die "body is not 1,024 bytes"

# ------------------------------------------------------------------------------------------------ nginx
start_nginx() { # $1 name, $2 cpu, $3 config body (the http{} block's content)
  local name=$1 cpu=$2 conf="$run/$1.nginx.conf" dir="$run/$1.nginx"
  mkdir -p "$dir"
  cat >"$conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $run/logs/$name.error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
$3
}
EOF
  taskset -c "$cpu" "$NGINX" -p "$dir" -c "$conf" -e "$run/logs/$name.error.log" >"$run/logs/$name.out" 2>&1 &
  pids+=($!)
  eval "PID_${name//-/_}=$!"
}

# The backend: returns the 1 KB body to any method and path, keep-alive.
start_nginx backend "$LOAD_CPU" "  server {
    listen 127.0.0.1:$P_BACKEND backlog=4096;
    location / { default_type application/json; return 200 '$(cat "$body_file")'; }
  }"
# nginx as a reverse proxy: one worker, upstream keep-alive.
start_nginx nginx-proxy "$SERVER_CPU" "  upstream backend {
    server 127.0.0.1:$P_BACKEND;
    keepalive 512;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
  }
  server {
    listen 127.0.0.1:$P_NGINX backlog=4096;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"

# -------------------------------------------------------------------------------- Class-data archives
# Each JVM maps a class-data archive of the classes its start-up loads, recorded once per build of its
# jar (as ./turnpike does): a throwaway start on the spare ports, stopped once ready; the JVM writes
# the archive as it exits. Not timed: it belongs to the build, like the jar.
tp_jsa="${tp_jar%.jar}.jsa"
scg_jsa="${scg_jar%.jar}.jsa"
record_archive() { # $1 archive, $2 jar, $3 ready URL, $4... the jar's arguments
  local jsa=$1 jar=$2 ready=$3 pid
  shift 3
  [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ] && return 0
  say "recording the class-data archive $jsa"
  rm -f "$jsa.tmp"
  java $JVM_FLAGS -XX:ArchiveClassesAtExit="$jsa.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@" \
    >"$run/logs/cds-$(basename "$jsa").log" 2>&1 &
  pid=$!
  pids+=($pid)
  python3 "$lib/benchlib.py" check "$ready" --timeout 120 >/dev/null || die "archive recording start of $jar"
  stop_pid "$pid"
  [ -s "$jsa.tmp" ] || die "no class-data archive written for $jar (logs/cds-$(basename "$jsa").log)"
  mv -f "$jsa.tmp" "$jsa"
}
TP_CDS="" SCG_CDS=""
if [ "$CDS" = 1 ]; then
  record_archive "$tp_jsa" "$tp_jar" "http://127.0.0.1:$P_SPARE1/_turnpike/health" \
    serve --port "$P_SPARE1" --admin-port "$P_SPARE2" --data-dir "$run/cds-recording-data"
  record_archive "$scg_jsa" "$scg_jar" "http://127.0.0.1:$P_SPARE1/bench/hello" \
    --server.port="$P_SPARE1" --bench.backend-uri="$backend"
  TP_CDS="-XX:SharedArchiveFile=$tp_jsa" SCG_CDS="-XX:SharedArchiveFile=$scg_jsa"
fi

# ------------------------------------------------------------------------------- Spring Cloud Gateway
taskset -c "$SERVER_CPU" java $JVM_FLAGS $SCG_CDS -jar "$scg_jar" --server.port="$P_SCG" --bench.backend-uri="$backend" \
  >"$run/logs/scg.log" 2>&1 &
PID_scg=$!
pids+=($PID_scg)

# Spring Cloud Gateway is ready before Turnpike starts, so its start-up does not share CPU $SERVER_CPU
# with Turnpike's timed starts.
python3 "$lib/benchlib.py" check "$backend/bench/hello" --expect-bytes 1024 >/dev/null || die "backend"
python3 "$lib/benchlib.py" check "http://127.0.0.1:$P_NGINX/bench/hello" --expect-bytes 1024 >/dev/null || die "nginx proxy"
python3 "$lib/benchlib.py" check "http://127.0.0.1:$P_SCG/bench/hello" --expect-bytes 1024 --timeout 120 >/dev/null ||
  die "Spring Cloud Gateway (logs/scg.log)"
say "backend, nginx proxy and Spring Cloud Gateway answer"

# --------------------------------------------------------------------------------------------- Turnpike
quiet() { python3 "$lib/benchlib.py" wait-quiet --max-busy "$QUIET_BUSY" --timeout 60 --sample 1 >/dev/null 2>&1; }
start_turnpike() { # $1 data dir, $2 label for the start-up record; sets PID_tp
  local t0
  quiet
  t0=$(date +%s%N)
  taskset -c "$SERVER_CPU" java $JVM_FLAGS $TP_CDS $JVM_EXTRA -jar "$tp_jar" serve --port "$P_TP" --admin-port "$P_TP_ADMIN" \
    --data-dir "$1" >>"$run/logs/turnpike.log" 2>&1 &
  PID_tp=$!
  pids+=($PID_tp)
  local ms
  ms=$(python3 "$lib/benchlib.py" wait-ready --t0-ns "$t0" --pid "$PID_tp" --label "$2" --record "$run/startup.jsonl" \
    "$tp_data/_turnpike/health" "$admin/_turnpike/health") || die "Turnpike did not become ready (logs/turnpike.log)"
  # Turnpike's own log line counts from its start() (after the JVM and the CLI parser are up)
  local inner
  inner=$(grep -o 'startMs="[0-9]*"' "$run/logs/turnpike.log" | tail -1 | tr -dc 0-9)
  echo "{\"label\": \"$2-in-process\", \"ms\": ${inner:-null}}" >>"$run/startup.jsonl"
  say "Turnpike ready in $ms ms ($2; ${inner:-?} ms of it inside Turnpike.start)"
}
for i in $(seq 1 "$COLD_STARTS"); do
  start_turnpike "$run/turnpike-cold-$i" cold
  stop_pid "$PID_tp"
done
start_turnpike "$run/turnpike-data" cold


# -------------------------------------------------- Turnpike configuration, through the management API
new_api() { # $1 name -> "apiId rootId"
  local id rootid
  id=$(apigw create-rest-api --name "$1" --query id --output text)
  rootid=$(apigw get-resources --rest-api-id "$id" --query 'items[0].id' --output text)
  echo "$id $rootid"
}
patch() { # JSON patch operations from python literals: patch "[('add','/path','value'), ...]"
  python3 -c "import json,sys; print(json.dumps([{'op': o, 'path': p, 'value': v} for o, p, v in eval(sys.argv[1])]))" "$1"
}

say "configuring Turnpike through its management API (AWS CLI)"
# The account throttle (AWS's default quota: 10,000 req/s, burst 5,000) applies to every Turnpike
# target, and each of them can go faster on this machine: raised far above any load here, as AWS raises
# it through Service Quotas (Turnpike's stand-in: UpdateAccount's /throttle paths), so no target is
# ever answered 429.
ACCOUNT_RATE_SET=1000000 ACCOUNT_BURST_SET=1000000
apigw update-account --patch-operations "op=replace,path=/throttle/rateLimit,value=$ACCOUNT_RATE_SET" \
  "op=replace,path=/throttle/burstLimit,value=$ACCOUNT_BURST_SET" >/dev/null

# HTTP_PROXY: /{proxy+}, ANY, to the backend.
proxy_api() { # $1 API name: /{proxy+}, ANY, HTTP_PROXY to the backend, deployed to stage bench -> "apiId resourceId"
  local api root rid
  read -r api root < <(new_api "$1")
  rid=$(apigw create-resource --rest-api-id "$api" --parent-id "$root" --path-part '{proxy+}' --query id --output text)
  apigw put-method --rest-api-id "$api" --resource-id "$rid" --http-method ANY --authorization-type NONE \
    --request-parameters method.request.path.proxy=true >/dev/null
  apigw put-integration --rest-api-id "$api" --resource-id "$rid" --http-method ANY --type HTTP_PROXY \
    --integration-http-method ANY --uri "$backend/{proxy}" \
    --request-parameters integration.request.path.proxy=method.request.path.proxy >/dev/null
  apigw create-deployment --rest-api-id "$api" --stage-name bench >/dev/null
  echo "$api $rid"
}
read -r API_PROXY _ < <(proxy_api bench-proxy)

# The guards of issue 6, each applied to one method of a deployed stage (a usage plan and method
# settings name the stage, so it must exist; the caller deploys again afterwards). Their limits are
# far above any load this harness can produce, so nothing is ever throttled: what is measured is the
# cost of the checks, not 429s. Used by tp-chain (one chain_* step each) and tp-proxy-guarded.
GUARD_RATE=1000000      # req/s: usage plan and stage method throttle
GUARD_BURST=1000000     # requests: their burst
GUARD_QUOTA=1000000000  # requests a day: the usage plan's quota (a full run sends ~50 million in all)
AUTH_TTL=${BENCH_AUTH_TTL:-300} # seconds a TOKEN authorizer's answer is cached (AWS's default)
AUTH_TOKEN="Bearer bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
AUTH_FN_ARN=""
guard_function() { # once: the TOKEN authorizer's Lambda function (node, lib/authorizer/index.js)
  [ -n "$AUTH_FN_ARN" ] && return 0
  python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z: z.write(sys.argv[2], "index.js")' "$run/authorizer.zip" "$lib/authorizer/index.js"
  AUTH_FN_ARN=$(lam create-function --function-name bench-authorizer --runtime nodejs20.x --handler index.handler \
    --role "arn:aws:iam::000000000000:role/bench-authorizer" --zip-file "fileb://$run/authorizer.zip" \
    --environment "$(python3 -c 'import json,sys; print(json.dumps({"Variables": {"BENCH_TOKEN": sys.argv[1]}}))' "$AUTH_TOKEN")" \
    --query FunctionArn --output text)
  lam wait function-active-v2 --function-name bench-authorizer
}
guard_api_key() { # $1 api, $2 resource, $3 method: apiKeyRequired, a key in a usage plan of stage bench; sets GUARD_KEY
  local key plan
  apigw update-method --rest-api-id "$1" --resource-id "$2" --http-method "$3" \
    --patch-operations op=replace,path=/apiKeyRequired,value=true >/dev/null
  key=$(apigw create-api-key --name "bench-$1" --enabled --query id --output text)
  GUARD_KEY=$(apigw get-api-key --api-key "$key" --include-value --query value --output text)
  plan=$(apigw create-usage-plan --name "bench-$1" --api-stages "apiId=$1,stage=bench" \
    --throttle "burstLimit=$GUARD_BURST,rateLimit=$GUARD_RATE" --quota "limit=$GUARD_QUOTA,period=DAY" --query id --output text)
  apigw create-usage-plan-key --usage-plan-id "$plan" --key-id "$key" --key-type API_KEY >/dev/null
}
guard_stage_throttle() { # $1 api: stage bench's method settings throttle every method (*/*)
  apigw update-stage --rest-api-id "$1" --stage-name bench --patch-operations \
    "op=replace,path=/*/*/throttling/rateLimit,value=$GUARD_RATE" \
    "op=replace,path=/*/*/throttling/burstLimit,value=$GUARD_BURST" >/dev/null
}
guard_authorizer() { # $1 api, $2 resource, $3 method: a cached Lambda TOKEN authorizer on the Authorization header
  local auth account
  guard_function
  auth=$(apigw create-authorizer --rest-api-id "$1" --name bench-token --type TOKEN \
    --authorizer-uri "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$AUTH_FN_ARN/invocations" \
    --identity-source method.request.header.Authorization --authorizer-result-ttl-in-seconds "$AUTH_TTL" \
    --query id --output text)
  account=$(cut -d: -f5 <<<"$AUTH_FN_ARN")
  # what AWS needs before API Gateway may call the function (Turnpike stores it, does not enforce it yet)
  lam add-permission --function-name bench-authorizer --statement-id "apigateway-$1" --action lambda:InvokeFunction \
    --principal apigateway.amazonaws.com --source-arn "arn:aws:execute-api:us-east-1:$account:$1/authorizers/$auth" >/dev/null
  apigw update-method --rest-api-id "$1" --resource-id "$2" --http-method "$3" --patch-operations \
    op=replace,path=/authorizationType,value=CUSTOM "op=replace,path=/authorizerId,value=$auth" >/dev/null
}
GUARD_DESC_KEY="API key + usage plan (apiKeyRequired, the key in x-api-key, a plan on the stage with throttle $GUARD_RATE req/s burst $GUARD_BURST and quota $GUARD_QUOTA a day)"
GUARD_DESC_THROTTLE="stage throttling (method settings */*: $GUARD_RATE req/s, burst $GUARD_BURST)"
GUARD_DESC_AUTH="cached Lambda TOKEN authorizer (node function, Allow on * for one token in Authorization, TTL $AUTH_TTL s: after the first request every one is a cache hit until the TTL runs out)"

# HTTP_PROXY with the guards of issue 6: the same /{proxy+} method, plus an API key + usage plan, a
# stage throttle and a cached Lambda TOKEN authorizer.
read -r API_GUARDED GUARDED_RID < <(proxy_api bench-proxy-guarded)
guard_api_key "$API_GUARDED" "$GUARDED_RID" ANY
GUARDED_HEADERS=("x-api-key: $GUARD_KEY" "Authorization: $AUTH_TOKEN")
guard_stage_throttle "$API_GUARDED"
guard_authorizer "$API_GUARDED" "$GUARDED_RID" ANY
apigw create-deployment --rest-api-id "$API_GUARDED" --stage-name bench >/dev/null

# MOCK: GET /bench answering the 1 KB body from its integration response template.
read -r API_MOCK root_id < <(new_api bench-mock)
rid=$(apigw create-resource --rest-api-id "$API_MOCK" --parent-id "$root_id" --path-part bench --query id --output text)
apigw put-method --rest-api-id "$API_MOCK" --resource-id "$rid" --http-method GET --authorization-type NONE >/dev/null
apigw put-integration --rest-api-id "$API_MOCK" --resource-id "$rid" --http-method GET --type MOCK \
  --request-templates '{"application/json":"{\"statusCode\": 200}"}' >/dev/null
apigw put-method-response --rest-api-id "$API_MOCK" --resource-id "$rid" --http-method GET --status-code 200 >/dev/null
apigw put-integration-response --rest-api-id "$API_MOCK" --resource-id "$rid" --http-method GET --status-code 200 \
  --response-templates "$(python3 -c 'import json,sys; print(json.dumps({"application/json": open(sys.argv[1]).read()}))' "$body_file")" >/dev/null
apigw create-deployment --rest-api-id "$API_MOCK" --stage-name bench >/dev/null

# The "full chain": POST /items/{id} on an HTTP integration, built as a base plus one function per step
# of the request path that Turnpike has today. A step that lands later (access log, cache) is one more
# chain_* function and one more name in CHAIN_STEPS; a step that needs the client to send something
# (an x-api-key header, a token) appends it to CHAIN_HEADERS. CHAIN_DESC collects what the chain
# contains for the report, CHAIN_SHORT the same in a few words for the ratio's line. The base deploys
# the stage first: the usage plan and the stage throttle name it.
CHAIN_STEPS=(chain_validation chain_parameter_mapping chain_request_template chain_api_key chain_stage_throttle
  chain_authorizer)
CHAIN_HEADERS=("Content-Type: application/json" "X-Client: wrk")
CHAIN_BODY='{"name":"widget","qty":3}'
CHAIN_PATH="/items/42?verbose=1"
CHAIN_DESC=()
CHAIN_SHORT=()
chain_base() {
  read -r API_CHAIN root_id < <(new_api bench-chain)
  local items
  items=$(apigw create-resource --rest-api-id "$API_CHAIN" --parent-id "$root_id" --path-part items --query id --output text)
  CHAIN_RID=$(apigw create-resource --rest-api-id "$API_CHAIN" --parent-id "$items" --path-part '{id}' --query id --output text)
  apigw put-method --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST --authorization-type NONE \
    --request-parameters method.request.path.id=true,method.request.querystring.verbose=false,method.request.header.X-Client=false >/dev/null
  apigw put-integration --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST --type HTTP \
    --integration-http-method POST --uri "$backend/items" >/dev/null
  apigw put-method-response --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST --status-code 200 >/dev/null
  apigw put-integration-response --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST \
    --status-code 200 --selection-pattern '' >/dev/null
  apigw create-deployment --rest-api-id "$API_CHAIN" --stage-name bench >/dev/null
  CHAIN_DESC+=("POST /items/{id}, HTTP (non-proxy) integration POST to the backend, default 200 integration response passing the 1 KB body through")
}
chain_validation() {
  apigw create-model --rest-api-id "$API_CHAIN" --name Item --content-type application/json --schema \
    '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","required":["name","qty"],"properties":{"name":{"type":"string","minLength":1},"qty":{"type":"integer","minimum":1}}}' >/dev/null
  local v
  v=$(apigw create-request-validator --rest-api-id "$API_CHAIN" --name body-and-params \
    --validate-request-body --validate-request-parameters --query id --output text)
  apigw update-method --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST --patch-operations "$(patch "[
    ('replace', '/requestValidatorId', '$v'),
    ('replace', '/requestParameters/method.request.querystring.verbose', 'true'),
    ('replace', '/requestParameters/method.request.header.X-Client', 'true'),
    ('add', '/requestModels/application~1json', 'Item')]")" >/dev/null
  CHAIN_DESC+=("request validation (validator for body and parameters: required query string 'verbose' and header 'X-Client', body against a draft-4 JSON schema model)")
  CHAIN_SHORT+=("validation")
}
chain_parameter_mapping() {
  apigw update-integration --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST --patch-operations "$(patch "[
    ('replace', '/uri', '$backend/items/{id}'),
    ('add', '/requestParameters/integration.request.path.id', 'method.request.path.id'),
    ('add', '/requestParameters/integration.request.querystring.verbose', 'method.request.querystring.verbose'),
    ('add', '/requestParameters/integration.request.header.X-Client', 'method.request.header.X-Client'),
    ('add', '/requestParameters/integration.request.header.X-Stage', \"'bench'\")]")" >/dev/null
  CHAIN_DESC+=("parameter mapping (path, query string and header from the method request, one static header)")
  CHAIN_SHORT+=("parameter mapping")
}
chain_request_template() {
  local tmpl
  tmpl='#set($body = $input.path('"'"'$'"'"'))
{
  "id": "$util.escapeJavaScript($input.params('"'"'id'"'"'))",
  "name": "$util.escapeJavaScript($body.name)",
  "qty": $body.qty,
  "client": "$util.escapeJavaScript($input.params('"'"'X-Client'"'"'))",
  "stage": "$context.stage",
  "requestId": "$context.requestId"
}'
  apigw update-integration --rest-api-id "$API_CHAIN" --resource-id "$CHAIN_RID" --http-method POST \
    --patch-operations "$(python3 -c 'import json,sys; print(json.dumps([{"op":"add","path":"/requestTemplates/application~1json","value":sys.argv[1]}]))' "$tmpl")" >/dev/null
  CHAIN_DESC+=("request mapping template (VTL: \$input.path, \$input.params, \$util.escapeJavaScript, \$context) building the backend's JSON body")
  CHAIN_SHORT+=("request template")
}
chain_api_key() {
  guard_api_key "$API_CHAIN" "$CHAIN_RID" POST
  CHAIN_HEADERS+=("x-api-key: $GUARD_KEY")
  CHAIN_DESC+=("$GUARD_DESC_KEY")
  CHAIN_SHORT+=("API key + usage plan")
}
chain_stage_throttle() {
  guard_stage_throttle "$API_CHAIN"
  CHAIN_DESC+=("$GUARD_DESC_THROTTLE")
  CHAIN_SHORT+=("stage throttle")
}
chain_authorizer() {
  guard_authorizer "$API_CHAIN" "$CHAIN_RID" POST
  CHAIN_HEADERS+=("Authorization: $AUTH_TOKEN")
  CHAIN_DESC+=("$GUARD_DESC_AUTH")
  CHAIN_SHORT+=("cached Lambda authorizer")
}
chain_base
for step in "${CHAIN_STEPS[@]}"; do "$step"; done
apigw create-deployment --rest-api-id "$API_CHAIN" --stage-name bench >/dev/null
chain_desc=$(printf '%s; ' "${CHAIN_DESC[@]}")
chain_desc="${chain_desc%; }. Not in it yet (Turnpike lacks them): access log, stage cache."
chain_short=$(printf '%s + ' "${CHAIN_SHORT[@]}")
chain_short="${chain_short% + }"

# The large API, built through the same API with boto3 (the CLI's own library), then deployed
# $DEPLOYS times to new stages, each timed from CreateDeployment to its last resource answering 200.
say "building an API of $RESOURCES resources (MOCK GET each) through the management API"
read -r API_LARGE LARGE_PATH < <(python3 "$lib/benchlib.py" large-api --endpoint "$admin" --resources "$RESOURCES" \
  --template-file "$body_file" 2> >(tee -a "$run/logs/large-api.log" >&2)) || die "large API"
for i in $(seq 1 "$DEPLOYS"); do
  quiet
  msg=$(python3 "$lib/benchlib.py" deploy-time --endpoint "$admin" --data-endpoint "$tp_data" --api "$API_LARGE" \
    --stage "d$i" --path "$LARGE_PATH" --record "$run/deploy.jsonl") || die "deploy timing"
  say "deploy of $RESOURCES resources: $msg"
done

# ------------------------------------------------------------------------------------------------ Targets
# name | label | url | method | body | headers (newline-separated) | cpu the server is on
T_NAMES=(direct nginx-proxy scg tp-proxy tp-proxy-guarded tp-mock tp-mock-1000 tp-chain)
declare -A T_LABEL T_URL T_METHOD T_BODY T_HDRS
add_target() { T_LABEL[$1]=$2; T_URL[$1]=$3; T_METHOD[$1]=${4:-GET}; T_BODY[$1]=${5:-}; T_HDRS[$1]=${6:-}; }
invoke() { echo "$tp_data/restapis/$1/$2/_user_request_$3"; }
add_target direct "backend direct (nginx, 1 KB)" "$backend/bench/hello"
add_target nginx-proxy "nginx reverse proxy" "http://127.0.0.1:$P_NGINX/bench/hello"
add_target scg "Spring Cloud Gateway" "http://127.0.0.1:$P_SCG/bench/hello"
add_target tp-proxy "Turnpike HTTP_PROXY" "$(invoke "$API_PROXY" bench /bench/hello)"
add_target tp-proxy-guarded "Turnpike HTTP_PROXY + key, plan, throttle, authorizer" "$(invoke "$API_GUARDED" bench /bench/hello)" \
  GET "" "$(printf '%s\n' "${GUARDED_HEADERS[@]}")"
add_target tp-mock "Turnpike MOCK (1 resource)" "$(invoke "$API_MOCK" bench /bench)"
add_target tp-mock-1000 "Turnpike MOCK ($RESOURCES resources)" "$(invoke "$API_LARGE" d1 "$LARGE_PATH")"
add_target tp-chain "Turnpike full chain (as it exists)" "$(invoke "$API_CHAIN" bench "$CHAIN_PATH")" POST "$CHAIN_BODY" \
  "$(printf '%s\n' "${CHAIN_HEADERS[@]}")"

check_target() { # $1 target, $2 expected status, $3 header to leave out ("" = none), $4... check's other options
  local t=$1 status=$2 drop=$3 hargs=()
  shift 3
  while IFS= read -r h; do [ -n "$h" ] && [ "${h%%:*}" != "$drop" ] && hargs+=(--header "$h"); done <<<"${T_HDRS[$t]}"
  python3 "$lib/benchlib.py" check "${T_URL[$t]}" --method "${T_METHOD[$t]}" ${T_BODY[$t]:+--body "${T_BODY[$t]}"} \
    "${hargs[@]}" --expect-status "$status" "$@" >/dev/null
}
for t in "${T_NAMES[@]}"; do
  check_target "$t" 200 "" --expect-file "$body_file" --timeout 30 || die "target $t does not answer 200 with the 1 KB body"
done
# The guards are in force: without the token the authorizer refuses (401), without the key the key
# check does (403), so the 200s above passed every guard.
for t in tp-proxy-guarded tp-chain; do
  check_target "$t" 401 Authorization --expect-text '{"message":"Unauthorized"}' || die "target $t answers without a token"
  check_target "$t" 403 x-api-key --expect-text '{"message":"Forbidden"}' || die "target $t answers without an API key"
done
# Every Turnpike target shares the account throttle (GetAccount's throttleSettings, raised above): answers
# above its rate would be 429s, which wrk counts as errors and the table does not count as served.
read -r ACCOUNT_RATE ACCOUNT_BURST < <(apigw get-account --query '[throttleSettings.rateLimit, throttleSettings.burstLimit]' --output text)
say "Turnpike's account throttle: $ACCOUNT_RATE req/s, burst $ACCOUNT_BURST (every Turnpike target shares it; answers beyond it are 429s)"
if [ -n "${BENCH_TARGETS:-}" ]; then # measure only these (e.g. while tuning); ratios that need others show "-"
  wanted=" $BENCH_TARGETS "
  for t in $BENCH_TARGETS; do [ -n "${T_LABEL[$t]:-}" ] || die "BENCH_TARGETS: unknown target $t (expected: ${T_NAMES[*]})"; done
  kept=(); for t in "${T_NAMES[@]}"; do [[ "$wanted" == *" $t "* ]] && kept+=("$t"); done
  T_NAMES=("${kept[@]}")
fi
say "every target answers 200 with the 1 KB body"

if [ "${BENCH_HOLD:-0}" -gt 0 ]; then # keep everything up for profiling by hand, then stop it all
  say "holding for $BENCH_HOLD s (Ctrl-C stops everything); Turnpike pid $PID_tp, Spring Cloud Gateway pid $PID_scg"
  for t in "${T_NAMES[@]}"; do
    printf '  %-16s %s %s%s\n' "$t" "${T_METHOD[$t]}" "${T_URL[$t]}" "${T_BODY[$t]:+  body ${T_BODY[$t]}}"
  done
  printf '  headers for tp-chain: %s\n' "${CHAIN_HEADERS[*]}"
  printf '  headers for tp-proxy-guarded: %s\n' "${GUARDED_HEADERS[*]}"
  sleep "$BENCH_HOLD" &
  wrk_pid=$!
  wait "$wrk_pid" || true
  exit 0
fi

# ------------------------------------------------------------------------------------------------ Load
# The processes that make up each server (nginx: master and worker), for CPU accounting.
nginx_pids() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }
declare -A T_PIDS=(
  [direct]="$(nginx_pids "$PID_backend")" [nginx-proxy]="$(nginx_pids "$PID_nginx_proxy")" [scg]="$PID_scg"
  [tp-proxy]="$PID_tp" [tp-proxy-guarded]="$PID_tp" [tp-mock]="$PID_tp" [tp-mock-1000]="$PID_tp" [tp-chain]="$PID_tp")
OUR_PIDS="$(nginx_pids "$PID_backend") $(nginx_pids "$PID_nginx_proxy") $PID_scg $PID_tp"

# One wrk run: $1 phase, $2 round, $3 target, $4 connections, $5 seconds, $6 rate (0 = max).
# A point during which other processes on the machine used more than MAX_FOREIGN % of a CPU is
# discarded and measured again after the machine quietens (up to RETRIES times; the last one is kept
# and its foreign CPU shows in the table).
load() {
  local phase=$1 round=$2 t=$3 c=$4 secs=$5 rate=$6 attempt rc
  mkdir -p "$run/wrk"
  local hargs=()
  while IFS= read -r h; do [ -n "$h" ] && hargs+=(--header "$h"); done <<<"${T_HDRS[$t]}"
  for ((attempt = 1; ; attempt++)); do
    local guard=()
    [ "$attempt" -le "$RETRIES" ] && guard=(--max-foreign "$MAX_FOREIGN")
    python3 "$lib/benchlib.py" run-wrk --phase "$phase" --round "$round" --target "$t" --conns "$c" --seconds "$secs" \
      --rate "$rate" --cpu "$LOAD_CPU" --url "${T_URL[$t]}" --method "${T_METHOD[$t]}" \
      ${T_BODY[$t]:+--body "${T_BODY[$t]}"} "${hargs[@]}" --script "$lib/wrk.lua" "${guard[@]}" \
      --wrk-json "$run/wrk/$phase-$round-$t-$c.json" --log "$run/logs/wrk-last.txt" --out "$run/measurements.jsonl" \
      --server-pids "${T_PIDS[$t]}" --our-pids "$OUR_PIDS" &
    wrk_pid=$!
    rc=0
    wait "$wrk_pid" || rc=$?
    wrk_pid=""
    [ $rc -eq 0 ] && return 0
    [ $rc -eq 3 ] || { cat "$run/logs/wrk-last.txt" >&2; die "wrk against $t"; }
    python3 "$lib/benchlib.py" wait-quiet --max-busy "$QUIET_BUSY" --timeout 120 >/dev/null
  done
}
warmup() { # $1 target; nginx has no JIT to warm: 5 s for it
  local t=$1 hargs=() min=$WARMUP max=$WARMUP_MAX
  case $t in direct | nginx-proxy) min=5 max=5 ;; esac
  while IFS= read -r h; do [ -n "$h" ] && hargs+=(--header "$h"); done <<<"${T_HDRS[$t]}"
  python3 "$lib/benchlib.py" warmup --target "$t" --url "${T_URL[$t]}" --method "${T_METHOD[$t]}" \
    ${T_BODY[$t]:+--body "${T_BODY[$t]}"} "${hargs[@]}" --script "$lib/wrk.lua" --cpu "$LOAD_CPU" \
    --min "$min" --max "$max" --wrk-json "$run/wrk/warmup-$t.json" --log "$run/logs/wrk-last.txt" &
  wrk_pid=$!
  wait "$wrk_pid" || { cat "$run/logs/wrk-last.txt" >&2; die "warm-up of $t"; }
  wrk_pid=""
}
rotate() { # $1 offset: the target list rotated, so no target is always first or last in a round
  local n=${#T_NAMES[@]} i
  for ((i = 0; i < n; i++)); do echo "${T_NAMES[$(((i + $1) % n))]}"; done
}

n_points=$((${#T_NAMES[@]} * (${#CONNS[@]} * ROUNDS + LAT_ROUNDS)))
say "warm-up: each target until its throughput stops climbing ($WARMUP-$WARMUP_MAX s); then $n_points measured points (about $(( n_points * (DURATION + 1) / 60 )) min)"
mkdir -p "$run/wrk"
for t in "${T_NAMES[@]}"; do warmup "$t"; done

say "max throughput: ${ROUNDS} rounds x connections ${CONNS[*]} x ${#T_NAMES[@]} targets, ${DURATION} s each"
for r in $(seq 1 "$ROUNDS"); do
  for c in "${CONNS[@]}"; do
    for t in $(rotate $((r + c))); do load throughput "$r" "$t" "$c" "$DURATION" 0; done
  done
done

nginx_max=$(python3 - "$run/measurements.jsonl" <<'EOF'
import json, statistics, sys
by_c = {}
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m["phase"] == "throughput" and m["target"] == "nginx-proxy" and not m.get("discarded"):
        by_c.setdefault(m["conns"], []).append(m["good_rps"])
print(round(max(statistics.median(v) for v in by_c.values())) if by_c else 0)
EOF
)
if [ -n "${BENCH_FIXED_RATE:-}" ]; then
  rate=$BENCH_FIXED_RATE
  say "latency at a fixed $rate req/s (BENCH_FIXED_RATE), $LAT_CONNS connections"
elif [ "$nginx_max" -gt 0 ]; then
  rate=$(python3 -c "print(round($nginx_max * $LAT_FRACTION))")
  say "latency at a fixed $rate req/s ($LAT_FRACTION x nginx proxy's max of $nginx_max), $LAT_CONNS connections"
else
  rate=0
  say "no latency phase: nginx-proxy was not measured and BENCH_FIXED_RATE is not set"
  LAT_ROUNDS=0
fi
for r in $(seq 1 "$LAT_ROUNDS"); do
  for t in $(rotate "$r"); do load latency "$r" "$t" "$LAT_CONNS" "$LAT_DURATION" "$rate"; done
done

# ----------------------------------------------------------------------------------- Memory, restart
rss() { python3 "$lib/benchlib.py" rss --target "$1" --out "$run/rss.jsonl" "${@:2}"; }
rss direct "$PID_backend" $(pgrep -P "$PID_backend" || true)
rss nginx-proxy "$PID_nginx_proxy" $(pgrep -P "$PID_nginx_proxy" || true)
rss scg "$PID_scg"
for t in tp-proxy tp-proxy-guarded tp-mock tp-mock-1000 tp-chain; do rss "$t" "$PID_tp"; done

# The authorizer's function log: how often the cache missed (an invocation each) and how many instances
# the misses started (concurrent misses start one each).
auth_log="$run/turnpike-data/functions/logs/bench-authorizer.log"
AUTH_INVOCATIONS=$(grep -c '^START' "$auth_log" 2>/dev/null || true)
AUTH_INSTANCES=$(grep -c 'Init Duration' "$auth_log" 2>/dev/null || true)

stop_pid "$PID_tp"
start_turnpike "$run/turnpike-data" restart-with-data
stop_pid "$PID_tp"

# ------------------------------------------------------------------------------ Warm Lambda invocations
# lambda/run.py with its own Turnpike (same CPU, same JVM flags): node and python functions behind
# AWS_PROXY against the same handler called directly, one connection. A failure here is reported and
# the rest of the report still printed.
if [ "$LAMBDA" = 1 ]; then
  say "warm Lambda-proxy invocations (lambda/run.py): $LAMBDA_SECONDS s x $LAMBDA_ROUNDS rounds per path"
  quiet
  python3 "$here/lambda/run.py" --seconds "$LAMBDA_SECONDS" --rounds "$LAMBDA_ROUNDS" --warmup "$LAMBDA_WARMUP" \
    --server-cpu "$SERVER_CPU" --load-cpu "$LOAD_CPU" --jvm-flags "$JVM_FLAGS" --jar "$tp_jar" \
    --out "$run/lambda.json" --work-dir "$run/lambda" >"$run/logs/lambda.log" 2>&1 &
  wrk_pid=$!
  lrc=0
  wait "$wrk_pid" || lrc=$?
  wrk_pid=""
  grep -E '^[0-9:]+ +(nodejs|python)' "$run/logs/lambda.log" || true
  [ $lrc -eq 0 ] || { tail -20 "$run/logs/lambda.log" >&2; say "WARNING: the Lambda part failed (logs/lambda.log); the report leaves it out"; }
fi

# ------------------------------------------------------------------------------------------------ Report
export M_DATE="$(date -u +'%Y-%m-%d %H:%M UTC')" M_COMMAND="$command_line" M_CPU_MODEL="$cpu_model" \
  M_MEM="$mem_total" M_BUSY="$busy_idle" M_NPROC="$ncpu" M_KERNEL="$(uname -r)" \
  M_COMMIT="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  M_JAVA="$(java -version 2>&1 | head -1)" M_NGINX="$("$NGINX" -v 2>&1)" \
  M_WRK="$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo unknown)" \
  M_SERVER_CPU="$SERVER_CPU" M_LOAD_CPU="$LOAD_CPU" M_JVM="$JVM_FLAGS${TP_CDS:+ -XX:SharedArchiveFile=(per jar)}" M_JVM_EXTRA="$JVM_EXTRA" \
  M_CONNS="${CONNS[*]}" M_ROUNDS="$ROUNDS" M_DURATION="$DURATION" M_WARMUP="$WARMUP" \
  M_LAT_CONNS="$LAT_CONNS" M_LAT_DURATION="$LAT_DURATION" M_LAT_ROUNDS="$LAT_ROUNDS" M_LAT_FRACTION="$LAT_FRACTION" \
  M_RATE="$rate" M_NGINX_MAX="$nginx_max" M_RESOURCES="$RESOURCES" M_MAX_FOREIGN="$MAX_FOREIGN" \
  M_TARGETS="$(for t in "${T_NAMES[@]}"; do printf '%s\t%s\n' "$t" "${T_LABEL[$t]}"; done)" \
  M_CHAIN_STEPS="${CHAIN_STEPS[*]}" M_CHAIN_DESC="$chain_desc" M_CHAIN_SHORT="$chain_short" \
  M_GUARDED_DESC="$GUARD_DESC_KEY; $GUARD_DESC_THROTTLE; $GUARD_DESC_AUTH" \
  M_ACCOUNT_RATE="$ACCOUNT_RATE" M_ACCOUNT_BURST="$ACCOUNT_BURST" \
  M_AUTH_INVOCATIONS="${AUTH_INVOCATIONS:-0}" M_AUTH_INSTANCES="${AUTH_INSTANCES:-0}" M_AUTH_TTL="$AUTH_TTL"
python3 - "$run/meta.json" <<'EOF'
import json, os, sys
e = os.environ
meta = {
    "date": e["M_DATE"],
    "command": e["M_COMMAND"],
    "git_commit": e["M_COMMIT"],
    "machine": {"nproc": int(e["M_NPROC"]), "cpu_model": e["M_CPU_MODEL"], "mem_total": e["M_MEM"],
                "busy_before_start": e["M_BUSY"], "kernel": e["M_KERNEL"]},
    "versions": {"java": e["M_JAVA"], "nginx": e["M_NGINX"], "wrk": e["M_WRK"],
                 "spring": "spring-boot-starter-parent 4.1.1, spring-cloud-dependencies 2025.1.3"
                           " (spring-cloud-gateway-server-webflux 5.0.3, reactor-netty 1.3.7)"},
    "server_cpu": int(e["M_SERVER_CPU"]), "load_cpu": int(e["M_LOAD_CPU"]),
    "server_cpu_name": "cpu" + e["M_SERVER_CPU"], "load_cpu_name": "cpu" + e["M_LOAD_CPU"],
    "jvm_flags": e["M_JVM"], "jvm_extra_turnpike": e["M_JVM_EXTRA"],
    "conns": [int(c) for c in e["M_CONNS"].split()], "rounds": int(e["M_ROUNDS"]),
    "duration_s": int(e["M_DURATION"]), "warmup_s": int(e["M_WARMUP"]),
    "latency": {"connections": int(e["M_LAT_CONNS"]), "duration_s": int(e["M_LAT_DURATION"]),
                "rounds": int(e["M_LAT_ROUNDS"]), "fraction_of_nginx_max": float(e["M_LAT_FRACTION"])},
    "fixed_rate": int(e["M_RATE"]) or None, "nginx_proxy_max": int(e["M_NGINX_MAX"]) or None,
    "resources": int(e["M_RESOURCES"]), "max_foreign_cpu_pct": float(e["M_MAX_FOREIGN"]),
    "targets": [dict(zip(("name", "label"), line.split("\t"))) for line in e["M_TARGETS"].splitlines()],
    "chain_steps": e["M_CHAIN_STEPS"].split(),
    "chain_description": e["M_CHAIN_DESC"],
    "chain_short": e["M_CHAIN_SHORT"],
    "guarded_description": e["M_GUARDED_DESC"],
    "account_throttle": {"rateLimit": float(e["M_ACCOUNT_RATE"]), "burstLimit": int(e["M_ACCOUNT_BURST"])},
    "authorizer": {"invocations": int(e["M_AUTH_INVOCATIONS"] or 0), "instances": int(e["M_AUTH_INSTANCES"] or 0),
                   "ttl_s": int(e["M_AUTH_TTL"])},
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
EOF
echo
python3 "$lib/benchlib.py" report --run-dir "$run" --json-out "$results/$stamp.json" --text-out "$run/table.md"
cp "$results/$stamp.json" "$results/latest.json"
cp "$run/table.md" "$results/latest.md"
echo
say "results: bench/results/$stamp.json (and latest.json, latest.md); raw runs and logs in bench/results/$stamp/"
exit 0
}
