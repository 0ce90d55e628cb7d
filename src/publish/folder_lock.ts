/**
 * An exclusive lock file that names its owner and survives a crash: a lock whose owner
 * process is gone is detected as stale and taken over. See docs/reports.md.
 *
 * @module
 */
import { hostname } from "node:os";

/** Who holds a lock, as recorded in the lock file (JSON). */
export interface LockOwner {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder; staleness can only be judged on the same host. */
  host: string;
  /** The holder's start time from `/proc/<pid>/stat` (guards against a reused pid). */
  start: string;
  /** When the lock was taken, ISO 8601. */
  since: string;
  /** What the holder is doing, e.g. `eval ijbb --out reports/x`. */
  purpose: string;
  /** A random token, so a holder never removes another's lock. */
  token: string;
}

/** Options of {@linkcode acquireLock}. */
export interface AcquireLockOptions {
  /** What the caller is doing, recorded in the lock file. Default `""`. */
  purpose?: string;
  /** How long to wait for a live holder, in milliseconds. Default 0: stop at once. */
  waitMs?: number;
  /** Polling interval while waiting, in milliseconds. Default 200. */
  pollMs?: number;
}

/** A held lock; release it (or `await using` it) when done. */
export interface HeldLock extends AsyncDisposable {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** Thrown when another live process holds the lock. */
export class LockedError extends Error {
  constructor(readonly path: string, readonly owner: LockOwner | undefined, waitedMs: number) {
    super(
      `Cannot lock ${path}: ${
        owner === undefined
          ? "another process holds it"
          : `process ${owner.pid} on ${owner.host} holds it since ${owner.since}` +
            (owner.purpose ? ` (${owner.purpose})` : "")
      }${waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)} s` : ""}; wait for it ` +
        `to finish, or delete the lock file if that process is on another machine and gone`,
    );
    this.name = "LockedError";
  }
}

/**
 * Takes the lock file `path`: created atomically with its owner already inside (a hard
 * link from a private temporary file, so no reader ever sees an empty lock). When the
 * file exists and its owner is a process on this host that no longer runs (or whose pid
 * now belongs to another process), the lock is stale and is taken over; a second guard
 * file (`<path>.takeover`) makes sure only one process takes a stale lock over. A live
 * owner makes it wait up to `waitMs`, then throw {@linkcode LockedError} naming the owner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquireLock, LockedError } from "./folder_lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await acquireLock(`${dir}/out.lock`, { purpose: "example" });
 * await assert.rejects(() => acquireLock(`${dir}/out.lock`), LockedError);
 * await lock.release();
 * await (await acquireLock(`${dir}/out.lock`)).release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function acquireLock(
  path: string,
  options: AcquireLockOptions = {},
): Promise<HeldLock> {
  const waitMs = options.waitMs ?? 0, pollMs = options.pollMs ?? 200;
  const owner: LockOwner = {
    pid: Deno.pid,
    host: hostname(),
    start: await processStart(Deno.pid) ?? "",
    since: new Date().toISOString(),
    purpose: options.purpose ?? "",
    token: crypto.randomUUID(),
  };
  const started = Date.now();
  for (;;) {
    if (await linkWithOwner(path, owner)) return held(path, owner);
    const current = await readOwner(path);
    if (current === null) continue; // released between our attempt and the read
    if (current !== undefined && await isStale(current)) {
      await takeOver(path, current, owner);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new LockedError(path, current, waitMs > 0 ? waited : 0);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Reads a lock file's owner: `null` when there is no lock file, `undefined` when it cannot
 * be parsed (treated as held by an unknown process).
 */
export async function readOwner(path: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new Error(`Cannot read the lock file ${path}: ${(error as Error).message}`);
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === "number" && typeof o.host === "string" ? o : undefined;
  } catch {
    return undefined;
  }
}

/** True when the owner is a process on this host that is no longer running. */
export async function isStale(owner: LockOwner | undefined): Promise<boolean> {
  if (owner === undefined || owner.host !== hostname()) return false;
  const start = await processStart(owner.pid);
  return start === null || (owner.start !== "" && start !== "" && start !== owner.start);
}

async function linkWithOwner(path: string, owner: LockOwner): Promise<boolean> {
  const tmp = `${path}.${owner.token}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(owner) + "\n").catch((error) => {
    throw new Error(`Cannot write the lock file ${tmp}: ${(error as Error).message}`);
  });
  try {
    await Deno.link(tmp, path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw new Error(`Cannot create the lock file ${path}: ${(error as Error).message}`);
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

async function takeOver(path: string, stale: LockOwner, owner: LockOwner): Promise<void> {
  const guard = `${path}.takeover`;
  if (!(await linkWithOwner(guard, owner))) {
    // Someone else is taking over; if that one died mid-way, clear its guard.
    const other = await readOwner(guard);
    if (other !== null && await isStale(other)) await Deno.remove(guard).catch(() => {});
    await new Promise((r) => setTimeout(r, 20));
    return;
  }
  try {
    const again = await readOwner(path);
    if (again?.token === stale.token) await Deno.remove(path).catch(() => {});
  } finally {
    await Deno.remove(guard).catch(() => {});
  }
}

function held(path: string, owner: LockOwner): HeldLock {
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    const current = await readOwner(path);
    if (current?.token === owner.token) await Deno.remove(path).catch(() => {});
  };
  return { path, owner, release, [Symbol.asyncDispose]: release };
}

/** Field 22 of `/proc/<pid>/stat` (start time in clock ticks), or null when not running. */
async function processStart(pid: number): Promise<string | null> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // The command name (field 2) may contain spaces; fields restart after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? "";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    // No /proc (not Linux): the pid cannot be checked, so the owner counts as running.
    return "";
  }
}
