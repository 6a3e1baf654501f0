#!/usr/bin/env bash
# Round 26, chat26: counts and a perf profile of a visit (the bench's new-visitor row: a token, a start, the stream, the
# first message) beside the kept chat message, both at 8 on one service started by hand as the bench starts it (core 0,
# its output folder as the working folder, the bench's environment, DOTNET_gcServer=0, DOTNET_GCgen0size=0x1000000),
# W^X off and the perf map on; load from core 1. Round 25's snapshot and difference scripts.
# Usage: visit-profile.sh <build root> <out dir>   (run under the bench lock)
set -u
B=$1; out=$2; mkdir -p $out
H=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/chat26prof.XXXX)
PORT=5126; URL=http://127.0.0.1:$PORT
cd $B/src/Bot/bin/Release/net10.0
env ASPNETCORE_ENVIRONMENT=Production Data__Directory=$W/sqlite Twilio__AuthToken=bench-auth-token-0123456789abcdef \
  Twilio__PhoneNumber=+447700900000 Twilio__SendMode=Outbox Staff__ApiKey=bench-staff-key-0123456789 \
  DirectLine__Secret=bench-direct-line-secret-0123456789 DirectLine__TokenRequestsPerMinute=10000 DirectLine__MessagesPerMinute=10000 \
  Logging__LogLevel__Default=Warning ASPNETCORE_URLS=$URL DOTNET_gcServer=0 DOTNET_GCgen0size=0x1000000 \
  DOTNET_PerfMapEnabled=${PERFMAP:-1} DOTNET_EnableWriteXorExecute=0 \
  taskset -c 0 dotnet CoProduction.Bot.dll > $W/service.log 2>&1 &
svc=$!
cd $out
for i in $(seq 60); do curl -fs $URL/health >/dev/null && break; sleep 1; done
L="taskset -c 1 dotnet $B/bench/Turns.Bench/bin/Release/net10.0/CoProduction.Turns.Bench.dll --target $URL --phones 8"
echo "load average at the start: $(cat /proc/loadavg)" >> $out/counts.txt
$L --chat-stream --seconds ${WARM:-100} | sed 's/^/warm chat: /' >> $out/counts.txt
SC=syscalls:sys_enter_pwrite64,syscalls:sys_enter_pread64,syscalls:sys_enter_fdatasync,syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvmsg,syscalls:sys_enter_write,syscalls:sys_enter_read,syscalls:sys_enter_futex,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_accept4,syscalls:sys_enter_close,syscalls:sys_enter_shutdown,syscalls:sys_enter_madvise,raw_syscalls:sys_enter,context-switches,page-faults
count() { # $1 name, $2.. load args
  local name=$1; shift
  $L "$@" --seconds 24 > $W/load-$name.txt 2>&1 &
  local l=$!
  sleep 8
  python3 $H/2026-12-05-round25-chat25-snap.py $URL $svc > $W/a.json
  perf stat -e $SC -p $svc -o $W/stat-$name.txt -- sleep 10 2>/dev/null
  python3 $H/2026-12-05-round25-chat25-snap.py $URL $svc > $W/b.json
  wait $l
  { echo "== $name ($*), load average $(cat /proc/loadavg)"; cat $W/load-$name.txt; python3 $H/2026-12-05-round25-chat25-diff.py $W/a.json $W/b.json; grep -v "^#" $W/stat-$name.txt | grep -v "^$"; } >> $out/counts.txt
}
count visit --chat-stream --new-visitors
count message --chat-stream --keep
[ -n "${COUNTS_ONLY:-}" ] || {
prof() { # $1 name, $2.. load args
  local name=$1; shift
  $L "$@" --seconds 26 > $W/load-p$name.txt 2>&1 &
  local l=$!
  sleep 8
  perf record -F 1999 -g -p $svc -o $W/perf-$name.data -- sleep 12 2>/dev/null
  wait $l
  cat $W/load-p$name.txt >> $out/counts.txt
  perf report -i $W/perf-$name.data --no-children --sort dso --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -20 > $out/$name-dso.txt
  perf report -i $W/perf-$name.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -200 > $out/$name-sym.txt
  perf report -i $W/perf-$name.data --children --sort sym --stdio -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -600 > $out/$name-children.txt
  cp $W/perf-$name.data $out/
}
prof visit --chat-stream --new-visitors
prof message --chat-stream --keep
cp /tmp/perf-$svc.map $out/ 2>/dev/null
}
echo "load average at the end: $(cat /proc/loadavg)" >> $out/counts.txt
kill $svc; wait $svc 2>/dev/null
rm -rf $W
echo finished
