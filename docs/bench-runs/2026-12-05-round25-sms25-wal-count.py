#!/usr/bin/env python3
"""Counts a SQLite WAL's frames by B-tree. Usage: walcount.py DIR  (DIR holds coproduction.db and coproduction.db-wal,
copied while the service was stopped). Frames of the WAL's current generation only (salts match the header's)."""
import struct, sys, os, shutil, sqlite3, collections, tempfile
d = sys.argv[1]
db = os.path.join(d, 'coproduction.db'); wal = db + '-wal'
data = open(wal, 'rb').read()
magic, ver, psize, seq, salt1, salt2, ck1, ck2 = struct.unpack('>8I', data[:32])
frames = []  # (pgno, commit_size)
off = 32
while off + 24 + psize <= len(data):
    pgno, dbsize, s1, s2, c1, c2 = struct.unpack('>6I', data[off:off+24])
    if (s1, s2) != (salt1, salt2): break
    frames.append((pgno, dbsize, data[off+24]))
    off += 24 + psize
# drop frames after the last commit (uncommitted tail)
last = max((i for i, f in enumerate(frames) if f[1] != 0), default=-1)
frames = frames[:last+1]
commits = sum(1 for f in frames if f[1] != 0)
# turns: InboundMessages rows in db alone vs db+wal
tmp = tempfile.mkdtemp()
shutil.copy(db, os.path.join(tmp, 'a.db'))
c0 = sqlite3.connect(os.path.join(tmp, 'a.db'))
n0 = c0.execute('select count(*) from InboundMessages').fetchone()[0]
a0 = c0.execute('select count(*) from Answers').fetchone()[0]
s0 = c0.execute('select count(*) from Sessions').fetchone()[0]
c0.close()
shutil.copy(db, os.path.join(tmp, 'b.db')); shutil.copy(wal, os.path.join(tmp, 'b.db-wal'))
c = sqlite3.connect(os.path.join(tmp, 'b.db'))
n1 = c.execute('select count(*) from InboundMessages').fetchone()[0]
a1 = c.execute('select count(*) from Answers').fetchone()[0]
s1 = c.execute('select count(*) from Sessions').fetchone()[0]
owner = {pg: name for name, pg in c.execute('select name, pageno from dbstat')}
kind = {pg: (pt, ovf) for pg, pt, ovf in c.execute("select pageno, pagetype, 1 from dbstat")}
pages_total = c.execute('pragma page_count').fetchone()[0]
c.close()
turns = n1 - n0
by = collections.Counter(); bytype = collections.Counter()
distinct_by = collections.Counter()
for pgno, dbsize, first in frames:
    name = owner.get(pgno, 'page 1 (header)' if pgno == 1 else '(free/unknown)')
    by[name] += 1
    bytype[(name, kind.get(pgno, ('?',))[0])] += 1
print(f'WAL: {len(frames)} frames, {commits} commits, page size {psize}; turns (claims) {turns}, answers {a1-a0}, sessions {s1-s0}; db {pages_total} pages')
print(f'frames a commit {len(frames)/max(commits,1):.2f}; turns a commit {turns/max(commits,1):.2f}; frames a turn {len(frames)/max(turns,1):.3f}')
print(f'{"b-tree":45s} {"frames":>7s} {"a commit":>9s} {"a turn":>7s}')
for name, n in by.most_common():
    print(f'{name:45s} {n:7d} {n/max(commits,1):9.2f} {n/max(turns,1):7.3f}')
print('by page type:')
for (name, pt), n in sorted(bytype.items(), key=lambda x: -x[1]):
    print(f'  {name:43s} {pt:10s} {n/max(turns,1):7.3f}')
