#!/bin/bash
# Usage: sms25_count.sh WORKTREE LABEL [warm seconds] [load seconds]
# Starts WORKTREE's Release service as the bench does (core 0, workstation GC, 16 MB gen0 floor), loads it at 32 phones
# from core 1, then stops it (SIGSTOP) with its WAL in place, copies db and WAL, and counts the WAL's frames by B-tree;
# beside it, /proc/<pid>/io and CPU over a counted window.
set -e
WT=$1; LABEL=$2; WARM=${3:-110}; LOAD=${4:-20}; PHONES=${PHONES:-32}
OUT=/tmp/sms25-$LABEL; rm -rf $OUT; mkdir -p $OUT/data
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BIN=$WT/src/Bot/bin/Release/net10.0
cd $BIN
env ASPNETCORE_URLS=http://127.0.0.1:$PORT ASPNETCORE_ENVIRONMENT=Production Data__Directory=$OUT/data \
  Twilio__AuthToken=bench-auth-token-0123456789abcdef Twilio__PhoneNumber=+447700900000 Twilio__SendMode=Outbox \
  Staff__ApiKey=bench-staff-key-0123456789 DirectLine__Secret=bench-direct-line-secret-0123456789 \
  Logging__LogLevel__Default=Warning DOTNET_gcServer=0 DOTNET_GCgen0size=0x1000000 Store__CheckpointPages=${CKPT:-16000} \
  taskset -c 0 dotnet CoProduction.Bot.dll > $OUT/service.log 2>&1 &
SVC=$!
for i in $(seq 1 150); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 1; done
PID=$(pgrep -P $SVC -n || echo $SVC); [ -d /proc/$PID ] || PID=$SVC
echo "service pid $PID port $PORT"
cd $WT
taskset -c 1 dotnet bench/Turns.Bench/bin/Release/net10.0/CoProduction.Turns.Bench.dll --target http://127.0.0.1:$PORT --token bench-auth-token-0123456789abcdef --phones $PHONES --seconds $((WARM+LOAD)) > $OUT/load.log 2>&1 &
LOADPID=$!
sleep $WARM
turns() { curl -s http://127.0.0.1:$PORT/metrics | awk '/^coproduction_turn_duration_seconds_count/ && /channel="sms"/ {s+=$NF} END {print s}'; }
read_io() { awk '$1=="syscr:"||$1=="syscw:"||$1=="wchar:"||$1=="write_bytes:" {v[$1]=$2} END {printf "%s %s %s %s ", v["syscr:"], v["syscw:"], v["wchar:"], v["write_bytes:"]}' /proc/$PID/io; awk '{print $14+$15}' /proc/$PID/stat; }
T0=$(turns); IO0=$(read_io)
sleep $((LOAD-3))
T1=$(turns); IO1=$(read_io)
kill -STOP $PID
cp $OUT/data/coproduction.db $OUT/data/coproduction.db-wal $OUT/
kill -CONT $PID
wait $LOADPID || true
kill $SVC 2>/dev/null || true; sleep 1; kill -9 $PID 2>/dev/null || true
echo "turns $T0 -> $T1; io (syscr syscw wchar write_bytes cputicks) $IO0 -> $IO1"
python3 - "$T0" "$T1" "$IO0" "$IO1" <<'PY'
import sys
t=float(sys.argv[2])-float(sys.argv[1]); a=list(map(float,sys.argv[3].split())); b=list(map(float,sys.argv[4].split()))
d=[y-x for x,y in zip(a,b)]
print(f"counted turns {t:.0f}: read calls {d[0]/t:.2f}, write calls {d[1]/t:.2f}, KB written {d[2]/t/1024:.1f}, KB to page cache {d[3]/t/1024:.1f}, CPU ms {d[4]*10/t:.3f} a turn")
PY
tail -3 $OUT/load.log
python3 /tmp/sms25_walcount.py $OUT
