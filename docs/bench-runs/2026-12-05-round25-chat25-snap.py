#!/usr/bin/env python3
# Round 25, chat25: one snapshot of a service's counters (its /metrics, /proc/<pid>/stat and io) as JSON on stdout.
import sys, json, urllib.request, os
url, pid = sys.argv[1], sys.argv[2]
m = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
out = {}
for line in m.split("\n"):
    if not line or line[0] == "#": continue
    name, _, value = line.rpartition(" ")
    try: v = float(value)
    except ValueError: continue
    keep = ("dotnet_thread_pool_work_item", "dotnet_gc_heap_total_allocated", "dotnet_gc_collections", "dotnet_monitor_lock",
            "coproduction_turns_total", "kestrel_connection_duration_seconds_count", "dotnet_thread_pool_thread_count",
            "dotnet_process_cpu_time")
    if name.startswith(keep) or (name.startswith("http_server_request_duration_seconds_count")):
        out[name] = out.get(name, 0) + v
stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
tick = os.sysconf("SC_CLK_TCK")
out["cpu_ms"] = (int(stat[11]) + int(stat[12])) * 1000 / tick
out["utime_ms"] = int(stat[11]) * 1000 / tick
out["stime_ms"] = int(stat[12]) * 1000 / tick
for l in open(f"/proc/{pid}/io"):
    k, v = l.split(":")
    out["io_" + k] = int(v)
json.dump(out, sys.stdout)
