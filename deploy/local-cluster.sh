#!/usr/bin/env bash
# A real Sweep cluster on this machine: one `sweep coordinator` and one `sweep-node` per -w, on
# 127.0.0.1. Runs until Ctrl-C or SIGTERM, then stops the workers (their trials checkpoint and go
# back to the coordinator) and the coordinator (the database is left consistent).
#
#   deploy/local-cluster.sh -w 1 -w 3            # workers with 1 and 3 slots
#   dotnet Sweep.Coordinator/bin/Release/net10.0/sweep.dll run sweeps/quick.yaml --cluster 127.0.0.1:4053
#
# Options: -w SLOTS (a worker; repeat), -p PORT (coordinator, default 4053), -d DB (default
# ./sweep.db), -l DIR (logs, default a temp folder), -s DURATION (simulated trials, e.g. 1s:
# no training; for trying the cluster out and for tests), -b DIR (built sweep.dll and
# sweep-node.dll; default: build Release first). Extra settings go through SWEEP_* variables.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=4053 db=sweep.db logs="" simulate="" bin=""
workers=()
while getopts "w:p:d:l:s:b:" opt; do
  case $opt in
    w) workers+=("$OPTARG") ;;
    p) port=$OPTARG ;;
    d) db=$OPTARG ;;
    l) logs=$OPTARG ;;
    s) simulate=$OPTARG ;;
    b) bin=$OPTARG ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
  esac
done
[[ ${#workers[@]} -gt 0 ]] || workers=(1 3)
[[ -n $logs ]] || logs=$(mktemp -d -t sweep-cluster-XXXXXX)
mkdir -p "$logs"

if [[ -z $bin ]]; then
  echo "building (Release)..." >&2
  dotnet build "$root/Sweep.Coordinator" -c Release -v quiet -nologo >&2
  bin=$root/Sweep.Coordinator/bin/Release/net10.0
fi

pids=()
stop() {
  trap - INT TERM
  echo "stopping: workers hand their trials back, then the coordinator drains" >&2
  for pid in "${pids[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  kill -TERM "${pids[0]}" 2>/dev/null || true
  wait "${pids[0]}" 2>/dev/null || true
  echo "stopped; logs in $logs" >&2
  exit 0
}
trap stop INT TERM

# Waits until FILE has COUNT lines matching PATTERN, or gives up after 60 s.
wait_for() {
  local file=$1 pattern=$2 count=$3
  for _ in $(seq 600); do
    [[ $(grep -c -- "$pattern" "$file" 2>/dev/null || true) -ge $count ]] && return 0
    sleep 0.1
  done
  echo "gave up waiting for '$pattern' in $file:" >&2
  tail -n 20 "$file" >&2
  stop
}

dotnet "$bin/sweep.dll" coordinator --db "$db" --bind "127.0.0.1:$port" >"$logs/coordinator.log" 2>&1 &
pids+=($!)
wait_for "$logs/coordinator.log" "Coordinator up at" 1

for i in "${!workers[@]}"; do
  dotnet "$bin/sweep-node.dll" --seed "127.0.0.1:$port" --slots "${workers[$i]}" ${simulate:+--simulate "$simulate"} \
    >"$logs/worker-$((i + 1)).log" 2>&1 &
  pids+=($!)
done
wait_for "$logs/coordinator.log" " offers " "${#workers[@]}"

echo "cluster up: coordinator 127.0.0.1:$port (database $db), workers with slots ${workers[*]}; logs in $logs"
echo "run a sweep on it: dotnet $bin/sweep.dll run FILE --cluster 127.0.0.1:$port"
echo "Ctrl-C stops the cluster."
wait "${pids[0]}"
