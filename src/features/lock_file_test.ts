import assert from "node:assert/strict";
import { acquireLock, LockedError, type LockOwner } from "./lock_file.ts";

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A pid that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

/** The owner recorded in a lock file, or null when there is none. */
async function recorded(path: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as LockOwner;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

Deno.test("acquireLock() records its owner and refuses a second holder", async () => {
  await inTempDir(async (dir) => {
    const lock = await acquireLock(`${dir}/.lock`, { owner: "test one" });
    const owner = await recorded(`${dir}/.lock`);
    assert.equal(owner?.pid, Deno.pid);
    assert.equal(owner?.host, Deno.hostname());
    assert.equal(owner?.owner, "test one");
    assert.equal(owner?.token, lock.owner.token);
    const error = await acquireLock(`${dir}/.lock`, { subject: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof LockedError);
    assert.match(
      error.message,
      new RegExp(
        `^Cannot lock ${dir} as ${dir}/\\.lock is held by pid ${Deno.pid} on host ${Deno.hostname()} since ${owner?.started} \\(test one\\): wait for it to finish$`,
      ),
    );
    assert.equal(error.holder.owner, "test one");
    await lock.release();
    assert.equal(await recorded(`${dir}/.lock`), null);
    await lock.release(); // a second release is harmless
    const again = await acquireLock(`${dir}/.lock`);
    await again.release();
    assert.deepEqual(Array.from(Deno.readDirSync(dir)), []);
  });
});

Deno.test("acquireLock() without a subject names the lock file alone", async () => {
  await inTempDir(async (dir) => {
    const lock = await acquireLock(`${dir}/x.lock`, { owner: "eval demo" });
    await assert.rejects(
      acquireLock(`${dir}/x.lock`),
      LockedError,
      `Cannot lock ${dir}/x.lock as it is held by pid ${Deno.pid} on host ${Deno.hostname()} since`,
    );
    await lock.release();
  });
});

Deno.test("acquireLock() takes over a lock whose process is gone", async (t) => {
  await inTempDir(async (dir) => {
    const path = `${dir}/.lock`;
    await t.step("a dead pid on this host", async () => {
      const stale = { pid: await deadPid(), host: Deno.hostname(), started: "x", owner: "crashed" };
      await Deno.writeTextFile(path, JSON.stringify({ ...stale, token: "old" }));
      const lock = await acquireLock(path);
      assert.equal(lock.owner.pid, Deno.pid);
      assert.equal((await recorded(path))?.token, lock.owner.token);
      await lock.release();
    });
    await t.step("the pid now belongs to another process (other start time)", async () => {
      const reused = {
        pid: Deno.pid,
        host: Deno.hostname(),
        started: "x",
        owner: "crashed",
        processStart: "-1",
        token: "b",
      };
      await Deno.writeTextFile(path, JSON.stringify(reused));
      const lock = await acquireLock(path);
      assert.equal((await recorded(path))?.token, lock.owner.token);
      await lock.release();
    });
    await t.step("a lock in the format of the former report lock", async () => {
      const old = {
        pid: await deadPid(),
        host: Deno.hostname(),
        start: "1",
        since: "2026-01-01T00:00:00Z",
        purpose: "crashed",
        token: "c",
      };
      await Deno.writeTextFile(path, JSON.stringify(old));
      const lock = await acquireLock(path);
      await lock.release();
    });
    await t.step("a malformed lock", async () => {
      await Deno.writeTextFile(path, "{");
      const lock = await acquireLock(path);
      await lock.release();
    });
    await t.step("one from another host untouched for longer than staleAfterMs", async () => {
      const other = { pid: 1, host: "elsewhere", started: "x", owner: "o", token: "t" };
      await Deno.writeTextFile(path, JSON.stringify(other));
      const old = new Date(Date.now() - 60_000);
      await Deno.utime(path, old, old);
      const lock = await acquireLock(path, { staleAfterMs: 30_000 });
      assert.equal(lock.owner.pid, Deno.pid);
      await lock.release();
    });
    await t.step("but not a fresh one held on another host", async () => {
      const other = {
        pid: 1,
        host: "elsewhere",
        started: "x",
        owner: "o",
        processStart: null,
        token: "t",
      };
      await Deno.writeTextFile(path, JSON.stringify(other));
      await assert.rejects(
        acquireLock(path, { subject: dir }),
        new LockedError(
          path,
          other,
          `Cannot lock ${dir} as ${path} is held by pid 1 on host elsewhere since x (o): wait for it to finish, or delete the lock if that process is gone`,
        ),
      );
      await Deno.remove(path);
    });
    await t.step("a takeover guard left by a process that died taking over", async () => {
      const dead = { pid: await deadPid(), host: Deno.hostname(), started: "x", owner: "o" };
      await Deno.writeTextFile(path, JSON.stringify({ ...dead, token: "e" }));
      await Deno.writeTextFile(`${path}.takeover`, JSON.stringify({ ...dead, token: "f" }));
      const lock = await acquireLock(path);
      await lock.release();
      assert.deepEqual(Array.from(Deno.readDirSync(dir)), []);
    });
    await t.step("many takers of one stale lock: exactly one wins", async () => {
      const stale = { pid: await deadPid(), host: Deno.hostname(), started: "x", owner: "o" };
      await Deno.writeTextFile(path, JSON.stringify({ ...stale, token: "d" }));
      const tries = await Promise.allSettled(
        Array.from({ length: 8 }, () => acquireLock(path)),
      );
      const won = tries.filter((r) => r.status === "fulfilled");
      assert.equal(won.length, 1);
      assert.ok(tries.every((r) => r.status === "fulfilled" || r.reason instanceof LockedError));
      await won[0]!.value.release();
      assert.deepEqual(Array.from(Deno.readDirSync(dir)), []);
    });
  });
});

Deno.test("acquireLock() keeps touching its lock while held", async () => {
  await inTempDir(async (dir) => {
    const lock = await acquireLock(`${dir}/.lock`, { heartbeatMs: 20 });
    const old = new Date(Date.now() - 60_000);
    await Deno.utime(`${dir}/.lock`, old, old);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const age = Date.now() - (await Deno.stat(`${dir}/.lock`)).mtime!.getTime();
    assert.ok(age < 30_000, `touched ${age} ms ago`);
    await lock.release();
  });
});

Deno.test("acquireLock() with wait takes the lock once the holder releases it", async (t) => {
  await inTempDir(async (dir) => {
    const path = `${dir}/.lock`;
    await t.step("wait: true, with onWait called once", async () => {
      const first = await acquireLock(path);
      const waitedFor: number[] = [];
      const second = acquireLock(path, {
        wait: true,
        pollMs: 10,
        onWait: (holder) => waitedFor.push(holder.pid),
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await first.release();
      const lock = await second;
      assert.deepEqual(waitedFor, [Deno.pid]);
      assert.notEqual(lock.owner.token, first.owner.token);
      await first.release(); // not its lock any more: leaves it alone
      assert.ok((await Deno.stat(path)).isFile);
      await lock.release();
    });
    await t.step("wait: ms, for a holder that releases in time", async () => {
      const first = await acquireLock(path);
      setTimeout(() => first.release(), 100);
      const second = await acquireLock(path, { wait: 10_000, pollMs: 20 });
      assert.equal((await recorded(path))?.token, second.owner.token);
      await second.release();
    });
    await t.step("wait: ms, for a holder that does not", async () => {
      const first = await acquireLock(path);
      await assert.rejects(acquireLock(path, { wait: 30, pollMs: 10 }), LockedError);
      await first.release();
    });
  });
});

Deno.test("acquireLock() names the lock file when its folder does not exist", async () => {
  await inTempDir(async (dir) => {
    const error = await acquireLock(`${dir}/none/.lock`).catch((e: Error) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, new RegExp(`^Cannot create lock file ${dir}/none/\\.lock: `));
  });
});
