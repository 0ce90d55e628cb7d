import assert from "node:assert/strict";
import { hostname } from "node:os";
import { acquireLock, isStale, LockedError, readOwner } from "./folder_lock.ts";

async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("acquireLock() stops a second holder with the owner named", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lock = await acquireLock(`${dir}/x.lock`, { purpose: "eval demo" });
    const owner = await readOwner(`${dir}/x.lock`);
    assert.equal(owner?.pid, Deno.pid);
    assert.equal(owner?.purpose, "eval demo");
    await assert.rejects(
      () => acquireLock(`${dir}/x.lock`),
      LockedError,
      `Cannot lock ${dir}/x.lock: process ${Deno.pid} on ${hostname()} holds it since`,
    );
    await lock.release();
    assert.equal(await readOwner(`${dir}/x.lock`), null);
    await lock.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acquireLock() takes over the lock of a process that is gone", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const base = { host: hostname(), since: "2026-01-01T00:00:00Z", purpose: "crashed" };
    await t.step("no such process", async () => {
      const stale = { ...base, pid: await deadPid(), start: "1", token: "a" };
      await Deno.writeTextFile(`${dir}/a.lock`, JSON.stringify(stale));
      assert.ok(await isStale(stale));
      const lock = await acquireLock(`${dir}/a.lock`);
      assert.equal((await readOwner(`${dir}/a.lock`))?.token, lock.owner.token);
      await lock.release();
    });
    await t.step("the pid now belongs to another process (other start time)", async () => {
      const reused = { ...base, pid: Deno.pid, start: "-1", token: "b" };
      await Deno.writeTextFile(`${dir}/b.lock`, JSON.stringify(reused));
      const lock = await acquireLock(`${dir}/b.lock`);
      await lock.release();
    });
    await t.step("a live owner on another host is never stale", async () => {
      const remote = { ...base, host: `not-${hostname()}`, pid: 1, start: "1", token: "c" };
      assert.equal(await isStale(remote), false);
      await Deno.writeTextFile(`${dir}/c.lock`, JSON.stringify(remote));
      await assert.rejects(() => acquireLock(`${dir}/c.lock`), LockedError);
    });
    await t.step("many takers of one stale lock: exactly one wins", async () => {
      const stale = { ...base, pid: await deadPid(), start: "1", token: "d" };
      await Deno.writeTextFile(`${dir}/d.lock`, JSON.stringify(stale));
      const tries = await Promise.allSettled(
        Array.from({ length: 8 }, () => acquireLock(`${dir}/d.lock`)),
      );
      const won = tries.filter((r) => r.status === "fulfilled");
      assert.equal(won.length, 1);
      assert.ok(tries.every((r) => r.status === "fulfilled" || r.reason instanceof LockedError));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acquireLock() waits for a holder that releases in time", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await acquireLock(`${dir}/x.lock`);
    setTimeout(() => first.release(), 100);
    const second = await acquireLock(`${dir}/x.lock`, { waitMs: 10_000, pollMs: 20 });
    assert.equal((await readOwner(`${dir}/x.lock`))?.token, second.owner.token);
    await second.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
