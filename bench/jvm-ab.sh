#!/usr/bin/env bash
# bench/jvm-ab.sh: A/B of Turnpike JVM flag sets on HTTP_PROXY alone, with run.sh's placement (Turnpike
# on CPU 1; wrk and an nginx backend answering 1 KB on CPU 0) and its tools (lib/wrk.lua pacing,
# benchlib.py's CPU accounting; a point with other processes busy is measured again, up to 4 times).
# One Turnpike per flag set, back to back, on one data directory configured once (/{proxy+} ANY
# HTTP_PROXY): warm-up (wrk -c64, $WARM s), max (c64, $MAXS s), $LATR fixed-rate points ($RATE req/s,
# c256, $LATS s), max again, then VmHWM and the GC log's pause count. About 100 s per flag set.
#
#   bench/jvm-ab.sh "g1|-XX:+UseG1GC -Xms64m -Xmx512m" "serial|-XX:+UseSerialGC -Xms64m -Xmx512m" ...
#
# Needs the built jar and its class-data archive (run ./turnpike once). Output: one line per point;
# raw data in bench/results/jvm-ab/ (m.jsonl, GC logs, Turnpike logs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar=${JAR:-$here/../turnpike-server/target/turnpike.jar} jsa=${JSA:-$here/../turnpike-server/target/turnpike.jsa}
[ $# -gt 0 ] || { sed -n 2,12p "$0"; exit 2; }
W=$here/results/jvm-ab; rm -rf $W; mkdir -p $W/logs
lib=$here/lib
RATE=${RATE:-28800} WARM=${WARM:-30} MAXS=${MAXS:-15} LATS=${LATS:-10} LATR=${LATR:-2}
pids=()
cleanup(){ for p in "${pids[@]}"; do kill -TERM $p 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
read -r PB PT PA < <(python3 $lib/benchlib.py freeports 3)
python3 -c "import json; pad = 1024 - len('{\"data\":\"\"}'); print(json.dumps({'data': 'x' * pad}, separators=(',', ':')), end='')" >$W/body.json
mkdir -p $W/ng
cat > $W/ng.conf <<NG
daemon off; worker_processes 1; pid $W/ng/nginx.pid; error_log $W/logs/ng.err warn;
events { worker_connections 8192; multi_accept on; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
 client_body_temp_path $W/ng/b; proxy_temp_path $W/ng/p; fastcgi_temp_path $W/ng/f; uwsgi_temp_path $W/ng/u; scgi_temp_path $W/ng/s;
 server { listen 127.0.0.1:$PB backlog=4096; location / { default_type application/json; return 200 '$(cat $W/body.json)'; } } }
NG
taskset -c 0 "$(command -v nginx || echo /usr/sbin/nginx)" -p $W/ng -c $W/ng.conf -e $W/logs/ng.err >$W/logs/ng.out 2>&1 & pids+=($!); NGPID=$!
export TURNPIKE_ACCESS_KEY_ID=BENCHTUNE1 TURNPIKE_SECRET_ACCESS_KEY=tunetunetunetunetune
export AWS_ACCESS_KEY_ID=$TURNPIKE_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$TURNPIKE_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null TURNPIKE_BIND=127.0.0.1
apigw(){ aws --endpoint-url http://127.0.0.1:$PA apigateway "$@"; }
start_tp(){ # $1 flags $2 label
  taskset -c 1 java $1 -XX:SharedArchiveFile=$jsa -jar $jar serve --port $PT --admin-port $PA --data-dir $W/data >$W/logs/tp-$2.log 2>&1 &
  TPPID=$!; pids+=($TPPID)
  python3 $lib/benchlib.py wait-ready --t0-ns $(date +%s%N) --pid $TPPID http://127.0.0.1:$PT/_turnpike/health http://127.0.0.1:$PA/_turnpike/health >/dev/null
}
stop_tp(){ kill -TERM $TPPID; wait $TPPID 2>/dev/null || true; }
# configure once
start_tp "-XX:+UseG1GC -Xms64m -Xmx512m" setup
apigw update-account --patch-operations op=replace,path=/throttle/rateLimit,value=1000000 op=replace,path=/throttle/burstLimit,value=1000000 >/dev/null
API=$(apigw create-rest-api --name tune --query id --output text)
ROOT=$(apigw get-resources --rest-api-id $API --query 'items[0].id' --output text)
RID=$(apigw create-resource --rest-api-id $API --parent-id $ROOT --path-part '{proxy+}' --query id --output text)
apigw put-method --rest-api-id $API --resource-id $RID --http-method ANY --authorization-type NONE --request-parameters method.request.path.proxy=true >/dev/null
apigw put-integration --rest-api-id $API --resource-id $RID --http-method ANY --type HTTP_PROXY --integration-http-method ANY --uri "http://127.0.0.1:$PB/{proxy}" --request-parameters integration.request.path.proxy=method.request.path.proxy >/dev/null
apigw create-deployment --rest-api-id $API --stage-name bench >/dev/null
stop_tp
URL=http://127.0.0.1:$PT/restapis/$API/bench/_user_request_/bench/hello
echo "url $URL" >&2
pt(){ # phase round conns secs rate name; retried (up to 4 times) when other processes were busy
  local a
  for a in 1 2 3 4; do
  python3 $lib/benchlib.py wait-quiet --max-busy 15 --timeout 300 --sample 1 >/dev/null 2>&1 || true
  python3 $lib/benchlib.py run-wrk --phase $1 --round $2 --target $6 --conns $3 --seconds $4 --rate $5 --cpu 0 --url $URL \
   --script $lib/wrk.lua --wrk-json $W/w.json --log $W/logs/wrk.txt --out $W/m.jsonl --server-pids "$TPPID" --our-pids "$NGPID $TPPID" --max-foreign 10 && return 0
  done; return 0; }
for v in "$@"; do
  name=${v%%|*}; flags=${v#*|}
  python3 $lib/benchlib.py wait-quiet --max-busy 20 --timeout 120 --sample 1 >/dev/null 2>&1 || true
  start_tp "$flags -Xlog:gc:file=$W/logs/gc-$name.log" $name
  python3 $lib/benchlib.py check $URL --expect-bytes 1024 >/dev/null
  taskset -c 0 wrk -t1 -c64 -d${WARM}s $URL >/dev/null
  pt max 1 64 $MAXS 0 $name
  for r in $(seq 1 $LATR); do pt lat $r 256 $LATS $RATE $name; done
  pt max 2 64 $MAXS 0 $name
  hwm=$(awk '/VmHWM/{print $2}' /proc/$TPPID/status); rss=$(awk '/VmRSS/{print $2}' /proc/$TPPID/status)
  echo "{\"target\":\"$name\",\"hwm_kb\":$hwm,\"rss_kb\":$rss}" >>$W/m.jsonl
  echo "  $name VmHWM $((hwm/1024)) MB VmRSS $((rss/1024)) MB  gc events $(grep -c 'Pause' $W/logs/gc-$name.log)"
  stop_tp
done
