import assert from "node:assert/strict";
import { acquireDirLock, DirLockedError, type LockOwner } from "./dir_lock.ts";

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

Deno.test("acquireDirLock() records its owner and refuses a second holder", async () => {
  await inTempDir(async (dir) => {
    const lock = await acquireDirLock(dir, { owner: "test one" });
    const recorded = JSON.parse(await Deno.readTextFile(`${dir}/.lock`)) as LockOwner;
    assert.equal(recorded.pid, Deno.pid);
    assert.equal(recorded.host, Deno.hostname());
    assert.equal(recorded.owner, "test one");
    const error = await acquireDirLock(dir).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof DirLockedError);
    assert.match(
      error.message,
      new RegExp(`^Cannot lock ${dir} as ${dir}/\\.lock is held by pid ${Deno.pid} on host `),
    );
    assert.equal(error.holder.owner, "test one");
    await lock.release();
    const again = await acquireDirLock(dir);
    await again.release();
    assert.deepEqual(Array.from(Deno.readDirSync(dir)), []);
  });
});

Deno.test("acquireDirLock() takes over a lock whose process is gone", async (t) => {
  await inTempDir(async (dir) => {
    await t.step("a dead pid on this host", async () => {
      const stale = { pid: await deadPid(), host: Deno.hostname(), started: "x", owner: "crashed" };
      await Deno.writeTextFile(`${dir}/.lock`, JSON.stringify({ ...stale, token: "old" }));
      const lock = await acquireDirLock(dir);
      assert.equal(lock.owner.pid, Deno.pid);
      await lock.release();
    });
    await t.step("a malformed lock", async () => {
      await Deno.writeTextFile(`${dir}/.lock`, "{");
      const lock = await acquireDirLock(dir);
      await lock.release();
    });
    await t.step("one from another host untouched for longer than staleAfterMs", async () => {
      const other = { pid: 1, host: "elsewhere", started: "x", owner: "o", token: "t" };
      await Deno.writeTextFile(`${dir}/.lock`, JSON.stringify(other));
      const old = new Date(Date.now() - 60_000);
      await Deno.utime(`${dir}/.lock`, old, old);
      const lock = await acquireDirLock(dir, { staleAfterMs: 30_000 });
      assert.equal(lock.owner.pid, Deno.pid);
      await lock.release();
    });
    await t.step("but not a fresh one held on another host", async () => {
      const other = { pid: 1, host: "elsewhere", started: "x", owner: "o", token: "t" };
      await Deno.writeTextFile(`${dir}/.lock`, JSON.stringify(other));
      await assert.rejects(
        acquireDirLock(dir),
        new DirLockedError(
          `${dir}/.lock`,
          other as LockOwner,
          `Cannot lock ${dir} as ${dir}/.lock is held by pid 1 on host elsewhere since x (o): wait for it to finish, or delete the lock if that process is gone`,
        ),
      );
      await Deno.remove(`${dir}/.lock`);
    });
  });
});

Deno.test("acquireDirLock() keeps touching its lock while held", async () => {
  await inTempDir(async (dir) => {
    const lock = await acquireDirLock(dir, { heartbeatMs: 20 });
    const old = new Date(Date.now() - 60_000);
    await Deno.utime(`${dir}/.lock`, old, old);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const age = Date.now() - (await Deno.stat(`${dir}/.lock`)).mtime!.getTime();
    assert.ok(age < 30_000, `touched ${age} ms ago`);
    await lock.release();
  });
});

Deno.test("acquireDirLock() with wait takes the lock once the holder releases it", async () => {
  await inTempDir(async (dir) => {
    const first = await acquireDirLock(dir);
    const waitedFor: number[] = [];
    const second = acquireDirLock(dir, {
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
    assert.ok((await Deno.stat(`${dir}/.lock`)).isFile);
    await lock.release();
    await assert.rejects(
      acquireDirLock(dir, { wait: 30, pollMs: 10 }).then(async (l) => {
        await acquireDirLock(dir, { wait: 30, pollMs: 10 }).finally(() => l.release());
      }),
      DirLockedError,
    );
  });
});

Deno.test("acquireDirLock() names the lock file when the folder does not exist", async () => {
  await inTempDir(async (dir) => {
    const error = await acquireDirLock(`${dir}/none`).catch((e: Error) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, new RegExp(`^Cannot create lock file ${dir}/none/\\.lock: `));
  });
});
