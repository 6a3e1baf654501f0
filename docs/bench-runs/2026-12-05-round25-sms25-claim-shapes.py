import sqlite3, os, uuid, random, time, sys
def run(shape, prefill=400_000, commits=600, per=8, replies=134):
    path = f'/tmp/sms25-sim-{shape}.db'
    for s in ('', '-wal', '-shm'):
        if os.path.exists(path + s): os.remove(path + s)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute('pragma page_size=4096'); c.execute('pragma journal_mode=wal'); c.execute('pragma wal_autocheckpoint=0'); c.execute('pragma synchronous=normal')
    wr = ' WITHOUT ROWID' if shape == 'without-rowid' else ''
    c.execute(f'CREATE TABLE "InboundMessages" ("MessageId" TEXT NOT NULL CONSTRAINT "PK_InboundMessages" PRIMARY KEY, "Channel" TEXT NOT NULL, "ReceivedAt" INTEGER NOT NULL, "RepliesJson" TEXT NOT NULL){wr}')
    c.execute('CREATE INDEX "IX_InboundMessages_ReceivedAt_RepliesHeld" ON "InboundMessages" ("ReceivedAt") WHERE "RepliesJson" <> \'[]\'')
    t = [1309328837650083840]
    def row():
        t[0] += 1000
        return ('SM' + uuid.uuid4().hex, 'Sms', t[0], '["' + 'x' * (replies - 4) + '"]')
    sql = 'INSERT INTO InboundMessages VALUES (?,?,?,?) ON CONFLICT (MessageId) DO NOTHING'
    c.execute('begin')
    for i in range(prefill): c.execute(sql, row())
    c.execute('commit'); c.execute('pragma wal_checkpoint(TRUNCATE)')
    # warm: some commits then truncate
    for k in range(200):
        c.execute('begin'); [c.execute(sql, row()) for _ in range(per)]; c.execute('commit')
    c.execute('pragma wal_checkpoint(TRUNCATE)')
    for k in range(commits):
        c.execute('begin'); [c.execute(sql, row()) for _ in range(per)]; c.execute('commit')
    frames = (os.path.getsize(path + '-wal') - 32) / 4120
    stat = dict(c.execute("select name, count(*) from dbstat group by name").fetchall())
    print(f'{shape:14s}: {frames/commits:.2f} frames a commit of {per} claims, {frames/commits/per:.3f} a claim; pages by b-tree {stat}')
    c.close()
for shape in sys.argv[1:]: run(shape)
