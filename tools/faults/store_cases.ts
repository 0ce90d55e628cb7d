/**
 * Faults around the feature store (`deno task extract demo`, 55 real faces): kills at
 * random moments, two extractors on one store, a flipped bit in a shard, a full disk.
 * The reference is one uninterrupted run's `features.npy`.
 */
import {
  type Case,
  type Context,
  deno,
  flipBit,
  type Outcome,
  sameBytes,
  withTmpfs,
} from "./_harness.ts";

function extractArgs(store: string): string[] {
  return ["demo", "--quiet", "--shard-rows", "8", "--workers", "1", "--out", store];
}

/** One clean extraction, shared by the cases of one suite run. */
async function reference(ctx: Context): Promise<{ store: string; ms: number } | string> {
  const store = `${ctx.tmp}/reference`;
  const run = await deno("tasks/extract.ts", extractArgs(store));
  return run.code === 0 ? { store, ms: run.ms } : `clean extract failed: ${run.stderr.trim()}`;
}

export const extractKilled: Case = {
  name: "extract killed at a random moment (kill -9), then rerun",
  group: "store",
  async run(ctx: Context): Promise<Outcome[]> {
    const ref = await reference(ctx);
    if (typeof ref === "string") return [{ ok: false, detail: ref }];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < (ctx.quick ? 2 : 10); i++) {
      const store = `${ctx.tmp}/store-${i}`;
      const at = Math.round(ctx.random() * ref.ms);
      const killed = await deno("tasks/extract.ts", extractArgs(store), { killAfterMs: at });
      const again = await deno("tasks/extract.ts", extractArgs(store));
      const same = again.code === 0 &&
        sameBytes(`${store}/features.npy`, `${ref.store}/features.npy`);
      outcomes.push({
        ok: same,
        detail: `${killed.signal ? `killed at ${at} ms` : "finished first"}: ` +
          (same
            ? "resumed to identical features"
            : `rerun exit ${again.code} ${again.stderr.trim()}`),
      });
      await Deno.remove(store, { recursive: true });
    }
    return outcomes;
  },
};

export const concurrentStore: Case = {
  name: "two extracts on one store at once",
  group: "store",
  async run(ctx: Context): Promise<Outcome[]> {
    const ref = await reference(ctx);
    if (typeof ref === "string") return [{ ok: false, detail: ref }];
    const store = `${ctx.tmp}/shared`;
    const runs = await Promise.all([0, 1].map(() => deno("tasks/extract.ts", extractArgs(store))));
    const computed = runs.map((r) => Number(/extracted (\d+) of/.exec(r.stdout)?.[1] ?? NaN));
    const same = runs.some((r) => r.code === 0) &&
      sameBytes(`${store}/features.npy`, `${ref.store}/features.npy`);
    const once = computed.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) <= 55;
    return [{
      ok: same && once && runs.every((r) => r.code === 0 || /lock/i.test(r.stderr)),
      detail: `exits ${
        runs.map((r) => r.code).join(", ")
      }, rows computed ${computed.join(" + ")} ` +
        `of 55; features ${same ? "identical" : "differ or missing"}` +
        (once ? "" : " (rows computed twice: the store lock is missing)"),
    }];
  },
};

export const shardBitFlip: Case = {
  name: "a flipped bit in a store shard, then rerun",
  group: "store",
  async run(ctx: Context): Promise<Outcome[]> {
    const ref = await reference(ctx);
    if (typeof ref === "string") return [{ ok: false, detail: ref }];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < (ctx.quick ? 2 : 8); i++) {
      const store = `${ctx.tmp}/flip-${i}`;
      await Deno.mkdir(store);
      await copyTree(ref.store, store);
      const shards = walk(store).filter((p) => !p.endsWith(".json") && !p.endsWith("features.npy"));
      const shard = shards[Math.floor(ctx.random() * shards.length)]!;
      const size = Deno.statSync(shard).size;
      const offset = Math.floor(ctx.random() * size), bit = Math.floor(ctx.random() * 8);
      flipBit(shard, offset, bit);
      await Deno.remove(`${store}/features.npy`).catch(() => {});
      const again = await deno("tasks/extract.ts", extractArgs(store));
      const repaired = again.code === 0 &&
        sameBytes(`${store}/features.npy`, `${ref.store}/features.npy`);
      const named = again.code === 1 &&
        again.stderr.includes(shard.slice(shard.lastIndexOf("/") + 1));
      outcomes.push({
        ok: repaired || named,
        detail: `bit ${bit} of byte ${offset} of ${shard.slice(store.length + 1)}: ` +
          (repaired
            ? "repaired"
            : named
            ? "detected, shard named"
            : `exit ${again.code}, features ${
              again.code === 0 ? "DIFFER" : "missing"
            } ${again.stderr.trim()}`),
      });
    }
    return outcomes;
  },
};

export const diskFullStore: Case = {
  name: "disk full during extract (tmpfs), then rerun with room",
  group: "store",
  async run(ctx: Context): Promise<Outcome[]> {
    const ref = await reference(ctx);
    if (typeof ref === "string") return [{ ok: false, detail: ref }];
    const cmd = [Deno.execPath(), "run", "-A", "tasks/extract.ts", ...extractArgs("$T/store")].join(
      " ",
    );
    const run = await withTmpfs(
      `${ctx.tmp}/mnt`,
      64,
      `${cmd} > ${ctx.tmp}/log 2>&1; echo $? > ${ctx.tmp}/rc; cp -a $T ${ctx.tmp}/after`,
    );
    if (run === undefined) {
      return [{ ok: true, skipped: true, detail: "skipped: cannot mount a tmpfs here" }];
    }
    const rc = Deno.readTextFileSync(`${ctx.tmp}/rc`).trim();
    const log = Deno.readTextFileSync(`${ctx.tmp}/log`).trim().split("\n").at(-1) ?? "";
    const again = await deno("tasks/extract.ts", extractArgs(`${ctx.tmp}/after/store`));
    const same = again.code === 0 &&
      sameBytes(`${ctx.tmp}/after/store/features.npy`, `${ref.store}/features.npy`);
    return [{
      ok: rc === "1" && log.includes("/") && same,
      detail: `exit ${rc}: ${log}; rerun with room ${
        same ? "completed identically" : `exit ${again.code}`
      }`,
    }];
  },
};

function walk(dir: string): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]
  );
}

async function copyTree(from: string, to: string): Promise<void> {
  for (const e of Deno.readDirSync(from)) {
    if (e.isDirectory) {
      await Deno.mkdir(`${to}/${e.name}`, { recursive: true });
      await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    } else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

export const STORE_CASES = [extractKilled, concurrentStore, shardBitFlip, diskFullStore];
