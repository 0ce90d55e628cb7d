/**
 * A lock file that gives one process at a time a feature store or a report folder, and
 * that survives a crash: a lock whose holder is gone is taken over by exactly one waiter.
 *
 * The lock file holds JSON {@linkcode LockOwner}. It is created whole or not at all: the
 * owner is written to a temporary file that is then hard-linked to the lock's name, which
 * fails when a lock exists, so no reader ever sees an empty lock. A lock is stale when it
 * was made on this host and its process no longer runs (its pid is gone, or the pid now
 * belongs to a process started at another time, read from `/proc/<pid>/stat` on Linux), or
 * when it cannot be parsed. A holder touches its lock every `heartbeatMs` (30 s); a lock
 * from another host (a shared file system) is stale once it has not been touched for
 * `staleAfterMs` (10 min), so a job killed on one node does not block its rerun on another.
 * Only the process that creates the guard file `<lock>.takeover` (the same way) deletes a
 * stale lock, and only if it is still the one judged stale, so of several processes taking
 * over at once exactly one wins. See docs/feature-store.md and docs/reports.md.
 *
 * @module
 */

/** Who holds a lock: what {@linkcode acquireLock} writes into the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly started: string;
  /** What the holder is doing, e.g. `"deno task extract"`. */
  readonly owner: string;
  /** The process start time in clock ticks after boot (Linux), to tell a reused pid. */
  readonly processStart: string | null;
  /** A random token, so a holder releases only its own lock. */
  readonly token: string;
}

/** Options for {@linkcode acquireLock}. */
export interface LockOptions {
  /** What the holder is doing, recorded in the lock. Default `"caface-harness"`. */
  owner?: string;
  /** The folder or file the lock guards, named in errors. Default: the lock file. */
  subject?: string;
  /**
   * `false` (default): throw {@linkcode LockedError} at once when another live process
   * holds the lock; `true`: wait until it is released; a number: wait at most that many ms.
   */
  wait?: boolean | number;
  /** Called once, with the holder, when the call starts to wait. */
  onWait?: (holder: LockOwner) => void;
  /** Milliseconds between attempts while waiting. Default 200. */
  pollMs?: number;
  /** How often the holder refreshes the lock's modification time. Default 30 000 ms. */
  heartbeatMs?: number;
  /** A lock from another host untouched this long is stale. Default 600 000 ms. */
  staleAfterMs?: number;
}

/** A held lock. `release()` deletes the lock file if it is still this holder's. */
export interface HeldLock extends AsyncDisposable {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** Thrown when a lock is held by another live process (or one on another host). */
export class LockedError extends Error {
  /** The lock file. */
  readonly path: string;
  /** Its holder, as recorded. */
  readonly holder: LockOwner;

  constructor(path: string, holder: LockOwner, message: string) {
    super(message);
    this.name = "LockedError";
    this.path = path;
    this.holder = holder;
  }
}

/**
 * Takes the lock file `path` (its folder must exist), taking over a stale one.
 *
 * @throws {LockedError} `Cannot lock SUBJECT as PATH is held by pid P on host H since T
 * (OWNER)…` when another process holds it and `wait` is false or ran out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquireLock, LockedError } from "./lock_file.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await acquireLock(`${dir}/.lock`, { owner: "example" });
 * assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/.lock`)).pid, Deno.pid);
 * await assert.rejects(acquireLock(`${dir}/.lock`), LockedError);
 * await lock.release();
 * assert.equal(Array.from(Deno.readDirSync(dir)).length, 0);
 * await Deno.remove(dir);
 * ```
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const owner: LockOwner = {
    pid: Deno.pid,
    host: Deno.hostname(),
    started: new Date().toISOString(),
    owner: options.owner ?? "caface-harness",
    processStart: await _processStart(Deno.pid),
    token: _random(),
  };
  const staleAfterMs = options.staleAfterMs ?? 600_000;
  const wait = options.wait ?? false;
  const deadline = wait === true ? Infinity : wait === false ? 0 : Date.now() + wait;
  let waited = false;
  while (true) {
    if (await _tryCreate(path, owner)) return _held(path, owner, options.heartbeatMs ?? 30_000);
    const holder = await _readOwner(path);
    if (holder === null) continue; // released (or taken over) in between: try again
    if (await _isStale(holder, path, staleAfterMs)) {
      await _takeOver(path, holder, owner, staleAfterMs);
      continue;
    }
    if (Date.now() >= deadline) {
      const subject = options.subject === undefined
        ? `${path} as it`
        : `${options.subject} as ${path}`;
      throw new LockedError(
        path,
        holder,
        `Cannot lock ${subject} is held by pid ${holder.pid} on host ${holder.host} since ${holder.started} (${holder.owner}): wait for it to finish${
          holder.host === owner.host ? "" : ", or delete the lock if that process is gone"
        }`,
      );
    }
    if (!waited) options.onWait?.(holder);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

function _held(path: string, owner: LockOwner, heartbeatMs: number): HeldLock {
  const timer = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, heartbeatMs);
  Deno.unrefTimer(timer);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    const now = await _readOwner(path);
    if (now?.token === owner.token) await Deno.remove(path).catch(() => {});
  };
  return { path, owner, release, [Symbol.asyncDispose]: release };
}

/** Creates the lock with its whole content, or returns false when one exists. */
async function _tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const tmp = `${path}.tmp-${_random()}`;
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(owner) + "\n", { createNew: true });
  } catch (error) {
    throw new Error(`Cannot create lock file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await Deno.link(tmp, path);
    return true;
  } catch (error) {
    // Exists: held. NotFound: our temporary file was cleaned away by someone; try again.
    if (error instanceof Deno.errors.AlreadyExists || error instanceof Deno.errors.NotFound) {
      return false;
    }
    throw new Error(`Cannot create lock file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/**
 * The lock's owner, or null when there is no lock. A lock that cannot be parsed (written by
 * something else) counts as a stale owner with pid 0. Locks written before the two lock
 * modules were merged (`start`, `since`, `purpose`) are read too.
 */
async function _readOwner(path: string): Promise<LockOwner | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new Error(`Cannot read lock file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner> & {
      start?: string;
      since?: string;
      purpose?: string;
    };
    if (Number.isInteger(value.pid) && typeof value.host === "string") {
      return {
        pid: value.pid!,
        host: value.host,
        started: value.started ?? value.since ?? "?",
        owner: value.owner ?? value.purpose ?? "?",
        processStart: value.processStart ?? (value.start || null),
        token: value.token ?? text,
      };
    }
  } catch {
    // fall through: malformed
  }
  return {
    pid: 0,
    host: Deno.hostname(),
    started: "?",
    owner: "malformed lock",
    processStart: null,
    token: text,
  };
}

async function _isStale(holder: LockOwner, path: string, staleAfterMs: number): Promise<boolean> {
  if (holder.host !== Deno.hostname()) {
    const mtime = (await Deno.stat(path).catch(() => null))?.mtime?.getTime();
    return mtime !== undefined && Date.now() - mtime > staleAfterMs;
  }
  if (holder.pid <= 0) return true;
  const start = await _processStart(holder.pid);
  if (start !== null) return holder.processStart !== null && start !== holder.processStart;
  try {
    await Deno.stat("/proc/self/stat");
    return true; // /proc works and the pid is not in it: the process is gone
  } catch {
    return false; // cannot tell without /proc: assume alive
  }
}

/**
 * Deletes the stale lock if this process wins the guard `<path>.takeover` and the lock is
 * still the one judged stale; otherwise clears a dead guard and lets the caller retry.
 */
async function _takeOver(
  path: string,
  stale: LockOwner,
  owner: LockOwner,
  staleAfterMs: number,
): Promise<void> {
  const guard = `${path}.takeover`;
  if (!(await _tryCreate(guard, owner))) {
    const other = await _readOwner(guard);
    if (other !== null && await _isStale(other, guard, staleAfterMs)) {
      await Deno.remove(guard).catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    const again = await _readOwner(path);
    if (again?.token === stale.token) await Deno.remove(path).catch(() => {});
  } finally {
    await Deno.remove(guard).catch(() => {});
  }
}

/** Field 22 of `/proc/<pid>/stat` (start time after boot), or null when unreadable. */
async function _processStart(pid: number): Promise<string | null> {
  try {
    const text = await Deno.readTextFile(`/proc/${pid}/stat`);
    // The command name (field 2) may contain spaces; fields restart after its ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function _random(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(6)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
