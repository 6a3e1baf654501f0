#!/usr/bin/env python3
# Round 25, chat25: the difference of two snapshots, divided by the messages posted (POSTs to .../activities) and by the passes.
import sys, json, re
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
d = {k: b.get(k, 0) - a.get(k, 0) for k in b}
def route(r):
    return sum(v for k, v in d.items() if k.startswith("http_server_request_duration_seconds_count") and r in k)
posts = sum(v for k, v in d.items() if k.startswith("http_server_request_duration_seconds_count") and 'activities"' in k and 'POST' in k)
sms = route('/twilio/sms')
turns = posts or sms
print(f"messages (POST activities) {posts:.0f}, SMS requests {sms:.0f}, divided by {turns:.0f}")
for k in sorted(d):
    if d[k] == 0: continue
    v = d[k]
    print(f"  {k}: {v:.0f}  a turn {v / turns:.4g}" + ("  (KB a turn %.2f)" % (v / turns / 1024) if "allocated" in k or k.startswith("io_") and "bytes" in k or k in ("io_rchar", "io_wchar") else ""))
