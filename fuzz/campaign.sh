#!/usr/bin/env bash
# A fuzzing campaign: every fuzz target of the module (every package whose
# tests define a Fuzz function, as .ci/fuzz finds them; or the targets
# named) for a given time each, with one worker per target and STREAMS
# targets at a time (default 2, one per core here), from test binaries
# built once per package with coverage instrumentation. Long runs for some
# targets: LONG="FuzzClientHello=30m FuzzRecords=30m". Results go to OUT
# (default ./campaign-<date>.tsv): target, time, start and end (UTC),
# executions, new interesting inputs, exit status, package. A crasher is
# written by the engine to <package>/testdata/fuzz/<Target>/ (replayed by
# `go test` until fixed; see docs/fuzzing.md, "Triage"); what the engine
# found interesting stays in the fuzz cache, from which `go run
# ./fuzz/cmd/corpus merge` folds what brings new coverage into corpus/.
#
# While the file named by HOLD (default /tmp/tlswire-campaign.hold) exists,
# streams wait between targets: a way to get a quiet machine for a benchmark
# without stopping a target midway (a stopped worker looks hung to the
# engine, which then reports a spurious failure).
#
#   fuzz/campaign.sh                      # every target, 2m each
#   TIME=5m STREAMS=1 fuzz/campaign.sh FuzzPcap FuzzDTLS FuzzPcapngVsPcapgo
#   LONG="FuzzClientHello=30m FuzzRecords=30m FuzzPcap=30m" fuzz/campaign.sh
set -euo pipefail
cd "$(dirname "$0")/.."
time=${TIME:-2m}
streams=${STREAMS:-2}
out=${OUT:-$PWD/campaign-$(date -u +%Y%m%dT%H%M).tsv}
hold=${HOLD:-/tmp/tlswire-campaign.hold}
dir=$(mktemp -d)
module=$(go list -m)
# The packages with fuzz targets, and each one's targets (package<TAB>target).
pkgs=$(grep -l '^func Fuzz' $(git ls-files '*_test.go') | xargs -n1 dirname | sort -u)
all=()
for pkg in $pkgs; do
  bin=$dir/$(echo "$pkg" | tr / _).test
  go test -c -fuzz=. -o "$bin" "./$pkg"
  for t in $("$bin" -test.list '^Fuzz'); do all+=("$pkg $t"); done
done
if [ $# -gt 0 ]; then
  chosen=()
  for want in "$@"; do
    found=
    for pt in "${all[@]}"; do [ "${pt#* }" = "$want" ] && chosen+=("$pt") && found=1; done
    [ -n "$found" ] || { echo "no fuzz target $want in: $pkgs" >&2; exit 2; }
  done
else
  chosen=("${all[@]}")
fi

# Long targets first, so that the streams end together.
specs=()
for pt in "${chosen[@]}"; do
  t=${pt#* }
  d=$time
  for l in ${LONG:-}; do [ "${l%%=*}" = "$t" ] && d=${l#*=}; done
  specs+=("$d $pt")
done
mapfile -t specs < <(printf '%s\n' "${specs[@]}" | sort -t' ' -k1,1 -r -V)

stream() { # index
  local i=0 spec t d pkg bin cache log start rc execs newi
  for spec in "${specs[@]}"; do
    if [ $((i % streams)) -eq "$1" ]; then
      while [ -e "$hold" ]; do sleep 2; done
      read -r d pkg t <<<"$spec"
      bin=$dir/$(echo "$pkg" | tr / _).test
      cache="$(go env GOCACHE)/fuzz/$module/$pkg"
      log=$dir/$t.log
      start=$(date -u +%H:%M:%S)
      rc=0
      (cd "$pkg" && "$bin" -test.run '^$' -test.fuzz "^$t\$" -test.fuzztime "$d" -test.parallel 1 \
        -test.fuzzminimizetime 10s -test.fuzzcachedir "$cache") >"$log" 2>&1 || rc=$?
      execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
      newi=$(grep -o 'new interesting: [0-9]*' "$log" | tail -1 | awk '{print $3}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$d" "$start" "$(date -u +%H:%M:%S)" "${execs:-0}" "${newi:-0}" "$rc" "$pkg" >>"$out"
      if [ "$rc" -ne 0 ]; then echo "FAIL: $t (log: $log)"; tail -20 "$log"; fi
    fi
    i=$((i + 1))
  done
}
for s in $(seq 0 $((streams - 1))); do stream "$s" & done
wait
echo "results: $out (logs in $dir)"
! cut -f7 "$out" | grep -qv '^0$'
