/**
 * A report folder built beside its target and moved into place as a whole, under a lock,
 * so the target always holds exactly one run. See docs/reports.md.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { acquireLock, type HeldLock } from "../features/mod.ts";

/** Options of {@linkcode StagedFolder.begin}. */
export interface StagedFolderOptions {
  /** What the writer is doing, recorded in the lock file. Default `"caface-harness"`. */
  purpose?: string;
  /** How long to wait for another writer of the same target, ms. Default 0: stop at once. */
  waitMs?: number;
  /**
   * A file whose presence marks an existing target as a folder this harness may replace
   * (an empty folder may always be replaced). Default `"metrics.json"`.
   */
  marker?: string;
}

/**
 * A folder being written. `begin()` locks the target (`.<name>.lock` beside it), checks
 * that an existing target may be replaced, removes leftovers of crashed runs and creates
 * the staging folder `.<name>.tmp-<pid>-<random>`. The caller writes into `staging`, then
 * calls `publish()`, which flushes every file and swaps the folders:
 *
 * 1. rename the old target to `.<name>.old-<pid>-<random>` (when there is one);
 * 2. rename the staging folder to the target and flush the parent folder;
 * 3. delete the old folder and release the lock.
 *
 * A crash before step 1 leaves the old target whole; between steps 1 and 2 the target is
 * absent (readers find no `metrics.json`, never a mix); after step 2 the target is the new
 * run. Leftovers are removed by the next writer of the same target. `abandon()` deletes the
 * staging folder and releases the lock, leaving the old target as it was.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StagedFolder } from "./staged_folder.ts";
 * const dir = await Deno.makeTempDir();
 * for (const run of ["first", "second"]) {
 *   const folder = await StagedFolder.begin(`${dir}/out`);
 *   await Deno.writeTextFile(`${folder.staging}/metrics.json`, run);
 *   await folder.publish();
 * }
 * assert.equal(await Deno.readTextFile(`${dir}/out/metrics.json`), "second");
 * assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["out"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class StagedFolder {
  #lock: HeldLock;
  #done = false;

  private constructor(readonly target: string, readonly staging: string, lock: HeldLock) {
    this.#lock = lock;
  }

  /**
   * Locks `target` and creates its staging folder.
   *
   * @throws {LockedError} When another live process writes the same target.
   * @throws {Error} When the target exists and is neither empty nor marked as a report, or
   *   a folder cannot be created (the message names it).
   */
  /**
   * Builds a folder in one step: locks `target`, calls `build` with the staging folder,
   * publishes it when `build` resolves, and abandons it (keeping the previous `target`)
   * when `build` throws.
   */
  static async build<T>(
    target: string,
    options: StagedFolderOptions,
    build: (staging: string) => Promise<T>,
  ): Promise<T> {
    const folder = await StagedFolder.begin(target, options);
    try {
      const result = await build(folder.staging);
      await folder.publish();
      return result;
    } finally {
      await folder.abandon();
    }
  }

  static async begin(target: string, options: StagedFolderOptions = {}): Promise<StagedFolder> {
    const path = resolve(target);
    const parent = dirname(path), name = basename(path);
    await io(`create the folder ${parent}`, () => Deno.mkdir(parent, { recursive: true }));
    const lock = await acquireLock(join(parent, `.${name}.lock`), {
      subject: target,
      owner: options.purpose,
      wait: options.waitMs ?? 0,
    });
    try {
      await checkReplaceable(target, path, options.marker ?? "metrics.json");
      await removeLeftovers(parent, name);
      const staging = join(parent, `.${name}.tmp-${Deno.pid}-${randomSuffix()}`);
      await io(`create the staging folder ${staging}`, () => Deno.mkdir(staging));
      return new StagedFolder(path, staging, lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Flushes the staging folder and moves it into place as a whole, then unlocks. */
  async publish(): Promise<void> {
    if (this.#done) throw new Error(`Cannot publish ${this.target} twice`);
    this.#done = true;
    try {
      await syncTree(this.staging);
      const parent = dirname(this.target);
      let old: string | undefined;
      if (await exists(this.target)) {
        old = join(parent, `.${basename(this.target)}.old-${Deno.pid}-${randomSuffix()}`);
        await io(
          `move the previous report ${this.target} aside`,
          () => Deno.rename(this.target, old!),
        );
      }
      await io(
        `move the new report into ${this.target}`,
        () => Deno.rename(this.staging, this.target),
      );
      await syncPath(parent);
      if (old !== undefined) await Deno.remove(old, { recursive: true }).catch(() => {});
    } finally {
      await this.#lock.release();
    }
  }

  /** Deletes the staging folder and unlocks; the target stays as it was. */
  async abandon(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await Deno.remove(this.staging, { recursive: true }).catch(() => {});
    await this.#lock.release();
  }
}

/** Wraps an I/O step so its error names what the harness was doing. */
async function io<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new Error(`Cannot ${what}: ${(error as Error).message}`, { cause: error });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function checkReplaceable(shown: string, path: string, marker: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isDirectory) {
    throw new Error(`Cannot write a report to ${shown} as it exists and is not a folder`);
  }
  let empty = true;
  for await (const _ of Deno.readDir(path)) {
    empty = false;
    break;
  }
  if (!empty && !(await exists(join(path, marker)))) {
    throw new Error(
      `Cannot write a report to ${shown} as it is a folder with other files and no ` +
        `${marker}: the report would replace it as a whole; choose another --out`,
    );
  }
}

/** Staging and old folders of crashed runs; safe to delete while the lock is held. */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const prefixes = [`.${name}.tmp-`, `.${name}.old-`];
  for await (const entry of Deno.readDir(parent)) {
    if (entry.isDirectory && prefixes.some((p) => entry.name.startsWith(p))) {
      await Deno.remove(join(parent, entry.name), { recursive: true }).catch(() => {});
    }
  }
}

async function syncTree(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await syncTree(path);
    else if (entry.isFile) await syncPath(path);
  }
  await syncPath(dir);
}

async function syncPath(path: string): Promise<void> {
  const file = await io(`open ${path} to flush it`, () => Deno.open(path, { read: true }));
  try {
    await io(`flush ${path} to disk`, () => file.sync());
  } finally {
    file.close();
  }
}

function randomSuffix(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(4)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
