#!/bin/bash
# CPU a turn and turns a second at 32 phones, Store:CheckpointPages A (4096) against B (16000), alternated
cd /tmp/lead21 && export TOKEN=bench-auth-token-0123456789abcdef
HZ=$(getconf CLK_TCK)
for cfg in ${CFGS:-4096 16000 4096 16000}; do
  Store__CheckpointPages=$cfg ./svc.sh > svc-$cfg.log 2>&1 &
  sleep 10
  P=$(pgrep -f "dotnet CoProduction.Bot.dll" | while read p; do [ "$(readlink /proc/$p/cwd)" = /work/main/src/Bot/bin/Release/net10.0 ] && echo $p; done)
  cd /work/main
  taskset -c 1 dotnet run -c Release --no-build --project bench/Turns.Bench -- --target http://127.0.0.1:5099 --token $TOKEN --phones 32 --seconds 80 --warmup 1 > /tmp/lead21/ck-warm.log 2>&1
  for i in 1 2 3; do
    taskset -c 1 dotnet run -c Release --no-build --project bench/Turns.Bench -- --target http://127.0.0.1:5099 --token $TOKEN --phones 32 --seconds 10 --warmup 1 > /tmp/lead21/ck-$i.log 2>&1 &
    L=$!
    sleep 2.5; a=$(awk '{print $14+$15}' /proc/$P/stat); t0=$(date +%s.%N)
    sleep 8; b=$(awk '{print $14+$15}' /proc/$P/stat); t1=$(date +%s.%N)
    wait $L
    tps=$(grep -o '[0-9,]* turns/s' /tmp/lead21/ck-$i.log | tr -d ', turns/s')
    echo "pages=$cfg run $i: $(grep 'turns/s' /tmp/lead21/ck-$i.log | cut -c1-70) | cpu ms/turn $(python3 -c "print(round(($b-$a)/$HZ*1000/($tps*($t1-$t0)),4))")"
  done
  cd /tmp/lead21; kill $P; sleep 3
done

# svc.sh, which it starts (/tmp/lead21/svc.sh):
# #!/bin/bash
# # start the service from /work/main Release build, pinned to core 0, as the bench does
# rm -rf /tmp/lead21/data; mkdir -p /tmp/lead21/data
# cd /work/main/src/Bot/bin/Release/net10.0
# export ASPNETCORE_ENVIRONMENT=Production Data__Directory=/tmp/lead21/data Twilio__AuthToken=$TOKEN Twilio__PhoneNumber=+447700900000 Twilio__SendMode=Outbox Staff__ApiKey=bench-staff-key-0123456789 DirectLine__Secret=bench-direct-line-secret-0123456789 DirectLine__TokenRequestsPerMinute=10000 DirectLine__MessagesPerMinute=10000 Logging__LogLevel__Default=Warning DOTNET_gcServer=0 ASPNETCORE_URLS=http://127.0.0.1:5099
# exec taskset -c 0 dotnet CoProduction.Bot.dll "$@"
