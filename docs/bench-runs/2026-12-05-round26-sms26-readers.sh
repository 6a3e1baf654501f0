#!/bin/bash
# Usage: readers.sh DB... : each reader of bench/Results.Bench in a fresh process on each store, interleaved, twice.
B=/work/wt/sms26/bench/Results.Bench/bin/Release/net10.0/CoProduction.Results.Bench
for pass in 1 2; do
  for r in "results" "free-text page 1" "free-text page 2,000" "export columns"; do
    for db in "$@"; do printf '%-8s pass %s ' "$(basename $db .db)" $pass; $B reader $db "$r"; done
  done
done
