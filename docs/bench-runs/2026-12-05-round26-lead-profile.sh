#!/usr/bin/env bash
# Round 26, lead: a perf profile of the SMS turn and of the bare endpoint at 32 phones, each server started by hand as
# the bench starts it (core 0, DOTNET_gcServer=0, DOTNET_GCgen0size=0x1000000, the bench's environment for the service),
# W^X off and the perf map on; the load from core 1 (the bench's --target). Each warmed 120 s, then 12 s recorded.
# Usage: profile.sh <build root> <out dir>   (run under the bench lock)
set -u
B=$1; out=$2; mkdir -p $out
W=$(mktemp -d /tmp/lead26prof.XXXX)
L="taskset -c 1 dotnet $B/bench/Turns.Bench/bin/Release/net10.0/CoProduction.Turns.Bench.dll"
prof() { # $1 name, $2 url, $3 pid
  local name=$1 url=$2 pid=$3
  $L --target $url --phones 32 --seconds 120 | sed "s/^/warm $name: /" >> $out/counts.txt
  $L --target $url --phones 32 --seconds 26 > $W/load-$name.txt 2>&1 &
  local l=$!
  sleep 8
  local t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  perf record -F 1999 -g -p $pid -o $W/perf-$name.data -- sleep 12 2>/dev/null
  local t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  wait $l
  { echo "== $name, load average $(cat /proc/loadavg), CPU ticks in the 12 s: $((t1-t0))"; cat $W/load-$name.txt; } >> $out/counts.txt
  perf report -i $W/perf-$name.data --no-children --sort dso --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -20 > $out/$name-dso.txt
  perf report -i $W/perf-$name.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -200 > $out/$name-sym.txt
  perf report -i $W/perf-$name.data --children --sort sym --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -600 > $out/$name-children.txt
  perf report -i $W/perf-$name.data --no-children --sort comm --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -20 > $out/$name-comm.txt
}
echo "load average at the start: $(cat /proc/loadavg)" >> $out/counts.txt
# The SMS turn: the service as the bench starts it.
PORT=5131; URL=http://127.0.0.1:$PORT
cd $B/src/Bot/bin/Release/net10.0
env ASPNETCORE_ENVIRONMENT=Production Data__Directory=$W/sqlite Twilio__AuthToken=bench-auth-token-0123456789abcdef \
  Twilio__PhoneNumber=+447700900000 Twilio__SendMode=Outbox Staff__ApiKey=bench-staff-key-0123456789 \
  DirectLine__Secret=bench-direct-line-secret-0123456789 DirectLine__TokenRequestsPerMinute=10000 DirectLine__MessagesPerMinute=10000 \
  Logging__LogLevel__Default=Warning ASPNETCORE_URLS=$URL DOTNET_gcServer=0 DOTNET_GCgen0size=0x1000000 \
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  taskset -c 0 dotnet CoProduction.Bot.dll > $W/service.log 2>&1 &
svc=$!
for i in $(seq 60); do curl -fs $URL/health >/dev/null && break; sleep 1; done
prof sms $URL $svc
kill $svc; wait $svc 2>/dev/null
# The bare endpoint: the bench itself with --bare.
PORT=5132; URL=http://127.0.0.1:$PORT
cd $B/bench/Turns.Bench/bin/Release/net10.0
env ASPNETCORE_URLS=$URL DOTNET_gcServer=0 DOTNET_GCgen0size=0x1000000 DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  taskset -c 0 dotnet CoProduction.Turns.Bench.dll --bare > $W/bare.log 2>&1 &
bare=$!
for i in $(seq 60); do curl -fs $URL/health >/dev/null && break; sleep 1; done
sleep 2
prof bare $URL $bare
kill $bare; wait $bare 2>/dev/null
echo "load average at the end: $(cat /proc/loadavg)" >> $out/counts.txt
rm -rf $W
echo finished
