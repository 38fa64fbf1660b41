#!/usr/bin/env bash
# A fuzzing campaign: every fuzz target of ./fuzz (or the ones named) for a
# given time each, with one worker per target and STREAMS targets at a time
# (default 2, one per core here), from a test binary built once with
# coverage instrumentation. Long runs for some targets: LONG="FuzzClientHello=30m
# FuzzRecords=30m". Results go to OUT (default ./campaign-<date>.tsv): target,
# time, start and end (UTC), executions, new interesting inputs, exit status.
# A crasher is written by the engine to fuzz/testdata/fuzz/<Target>/ (replayed
# by `go test ./fuzz` until fixed; see docs/fuzzing.md, "Triage").
#
# While the file named by HOLD (default /tmp/tlswire-campaign.hold) exists,
# streams wait between targets: a way to get a quiet machine for a benchmark
# without stopping a target midway (a stopped worker looks hung to the
# engine, which then reports a spurious failure).
#
#   fuzz/campaign.sh                      # every target, 2m each
#   TIME=5m STREAMS=1 fuzz/campaign.sh FuzzPcap FuzzDTLS
#   LONG="FuzzClientHello=30m FuzzRecords=30m FuzzPcap=30m" fuzz/campaign.sh
set -euo pipefail
cd "$(dirname "$0")/.."
time=${TIME:-2m}
streams=${STREAMS:-2}
out=${OUT:-$PWD/campaign-$(date -u +%Y%m%dT%H%M).tsv}
hold=${HOLD:-/tmp/tlswire-campaign.hold}
dir=$(mktemp -d)
bin=$dir/fuzz.test
go test -c -fuzz=. -o "$bin" ./fuzz
cache="$(go env GOCACHE)/fuzz/github.com/tlswire/tlswire/fuzz"
if [ $# -gt 0 ]; then targets="$*"; else targets=$("$bin" -test.list '^Fuzz'); fi

# Long targets first, so that the streams end together.
specs=()
for t in $targets; do
  d=$time
  for l in ${LONG:-}; do [ "${l%%=*}" = "$t" ] && d=${l#*=}; done
  specs+=("$d $t")
done
mapfile -t specs < <(printf '%s\n' "${specs[@]}" | sort -t' ' -k1,1 -r -V)

stream() { # index
  local i=0 spec t d log start rc execs newi
  for spec in "${specs[@]}"; do
    if [ $((i % streams)) -eq "$1" ]; then
      while [ -e "$hold" ]; do sleep 2; done
      d=${spec%% *}; t=${spec#* }
      log=$dir/$t.log
      start=$(date -u +%H:%M:%S)
      rc=0
      (cd fuzz && "$bin" -test.run '^$' -test.fuzz "^$t\$" -test.fuzztime "$d" -test.parallel 1 \
        -test.fuzzminimizetime 10s -test.fuzzcachedir "$cache") >"$log" 2>&1 || rc=$?
      execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
      newi=$(grep -o 'new interesting: [0-9]*' "$log" | tail -1 | awk '{print $3}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$d" "$start" "$(date -u +%H:%M:%S)" "${execs:-0}" "${newi:-0}" "$rc" >>"$out"
      if [ "$rc" -ne 0 ]; then echo "FAIL: $t (log: $log)"; tail -20 "$log"; fi
    fi
    i=$((i + 1))
  done
}
for s in $(seq 0 $((streams - 1))); do stream "$s" & done
wait
echo "results: $out (logs in $dir)"
! cut -f7 "$out" | grep -qv '^0$'
