/**
 * A lock file that gives one process at a time a directory (a feature store, a report
 * folder), and that survives a crash: a lock whose holder is gone is taken over.
 *
 * The lock is `<dir>/.lock` holding JSON {@linkcode LockOwner}. It is created whole or not at
 * all: the owner is written to a temporary file that is then hard-linked to the lock's name,
 * which fails when a lock exists. A lock is stale when it was made on this host and its
 * process no longer runs (its pid is gone, or the pid now belongs to a process started at
 * another time, read from `/proc/<pid>/stat` on Linux). A stale lock is renamed away and
 * checked to be the one judged stale before it is deleted, so two processes taking over at
 * once cannot both win. A holder touches its lock every `heartbeatMs` (30 s); a lock from
 * another host (a shared file system) is stale once it has not been touched for
 * `staleAfterMs` (10 min), so a job killed on one node does not block its rerun on another.
 *
 * @module
 */

/** Who holds a lock: what {@linkcode acquireDirLock} writes into the lock file. */
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

/** Options for {@linkcode acquireDirLock}. */
export interface DirLockOptions {
  /** What the holder is doing, recorded in the lock. Default `"caface-harness"`. */
  owner?: string;
  /**
   * `false` (default): throw {@linkcode DirLockedError} at once when another live process
   * holds the lock; `true`: wait until it is released; a number: wait at most that many ms.
   */
  wait?: boolean | number;
  /** Called once, with the holder, when the call starts to wait. */
  onWait?: (holder: LockOwner) => void;
  /** Lock file name inside the directory. Default `".lock"`. */
  name?: string;
  /** Milliseconds between attempts while waiting. Default 200. */
  pollMs?: number;
  /** How often the holder refreshes the lock's modification time. Default 30 000 ms. */
  heartbeatMs?: number;
  /** A lock from another host untouched this long is stale. Default 600 000 ms. */
  staleAfterMs?: number;
}

/** A held lock. `release()` deletes the lock file if it is still this holder's. */
export interface DirLock extends AsyncDisposable {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

/** Thrown when a directory is locked by another live process (or one on another host). */
export class DirLockedError extends Error {
  /** The lock file. */
  readonly path: string;
  /** Its holder, as recorded. */
  readonly holder: LockOwner;

  constructor(path: string, holder: LockOwner, message: string) {
    super(message);
    this.name = "DirLockedError";
    this.path = path;
    this.holder = holder;
  }
}

/**
 * Takes the lock of directory `dir` (which must exist), taking over a stale one.
 *
 * @throws {DirLockedError} `Cannot lock DIR as PATH is held by pid P on host H since T
 * (OWNER)…` when another process holds it and `wait` is false or ran out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquireDirLock } from "./dir_lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await acquireDirLock(dir, { owner: "example" });
 * assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/.lock`)).pid, Deno.pid);
 * await lock.release();
 * assert.equal(Array.from(Deno.readDirSync(dir)).length, 0);
 * await Deno.remove(dir);
 * ```
 */
export async function acquireDirLock(dir: string, options: DirLockOptions = {}): Promise<DirLock> {
  const path = `${dir}/${options.name ?? ".lock"}`;
  const owner: LockOwner = {
    pid: Deno.pid,
    host: Deno.hostname(),
    started: new Date().toISOString(),
    owner: options.owner ?? "caface-harness",
    processStart: await _processStart(Deno.pid),
    token: _random(),
  };
  const wait = options.wait ?? false;
  const deadline = wait === true ? Infinity : wait === false ? 0 : Date.now() + wait;
  let waited = false;
  while (true) {
    if (await _tryCreate(path, owner)) return _held(path, owner, options.heartbeatMs ?? 30_000);
    const holder = await _readOwner(path);
    if (holder === null) continue; // released (or taken over) in between: try again
    if (await _isStale(holder, path, options.staleAfterMs ?? 600_000)) {
      await _takeOver(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new DirLockedError(
        path,
        holder,
        `Cannot lock ${dir} as ${path} is held by pid ${holder.pid} on host ${holder.host} since ${holder.started} (${holder.owner}): wait for it to finish${
          holder.host === owner.host ? "" : ", or delete the lock if that process is gone"
        }`,
      );
    }
    if (!waited) options.onWait?.(holder);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

function _held(path: string, owner: LockOwner, heartbeatMs: number): DirLock {
  const timer = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, heartbeatMs);
  Deno.unrefTimer(timer);
  const release = async () => {
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
 * something else) counts as a stale owner with pid 0.
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
    const value = JSON.parse(text) as LockOwner;
    if (Number.isInteger(value.pid) && typeof value.host === "string") return value;
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
  if (holder.pid === Deno.pid) return false;
  const start = await _processStart(holder.pid);
  if (start !== null) return holder.processStart !== null && start !== holder.processStart;
  try {
    await Deno.stat("/proc/self/stat");
    return true; // /proc works and the pid is not in it: the process is gone
  } catch {
    return false; // cannot tell without /proc: assume alive
  }
}

/** Moves a stale lock away, puts it back if another process replaced it in between. */
async function _takeOver(path: string, stale: LockOwner): Promise<void> {
  const moved = `${path}.stale-${_random()}`;
  try {
    await Deno.rename(path, moved);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  const got = await _readOwner(moved);
  if (got !== null && got.token !== stale.token) {
    await Deno.link(moved, path).catch(() => {}); // a fresh lock: restore it
  }
  await Deno.remove(moved).catch(() => {});
}

/** Field 22 of `/proc/<pid>/stat` (start time after boot), or null when unreadable. */
async function _processStart(pid: number): Promise<string | null> {
  try {
    const text = await Deno.readTextFile(`/proc/${pid}/stat`);
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
