/**
 * Faults around report folders: `eval` killed at random moments (the report move
 * included), several `eval`s on one `--out`, a crash between the two renames of the swap,
 * and a disk that fills up while the report is written.
 */
import {
  type Case,
  type Context,
  deno,
  leftovers,
  list,
  type Outcome,
  reportProblem,
  withTmpfs,
} from "./_harness.ts";

const FUSIONS = ["average", "insightface", "insightface,average"];

function evalArgs(out: string, fusion: string, extra: string[] = []): string[] {
  return ["synthetic", "--quiet", "--no-png", "--fusion", fusion, "--out", out, ...extra];
}

/** After a fault, a clean rerun must succeed and leave one whole run and nothing beside it. */
async function recovers(out: string, parent: string, name: string): Promise<string | undefined> {
  const again = await deno("tasks/eval.ts", evalArgs(out, "average"));
  if (again.code !== 0) return `the rerun failed: ${again.stderr.trim()}`;
  const problem = reportProblem(out);
  if (problem) return `after the rerun: ${problem}`;
  const left = leftovers(parent, name);
  return left.length ? `the rerun left ${left.join(", ")}` : undefined;
}

export const evalKilled: Case = {
  name: "eval killed at a random moment (kill -9), then rerun",
  group: "report",
  async run(ctx: Context): Promise<Outcome[]> {
    const out = `${ctx.tmp}/out`;
    const first = await deno("tasks/eval.ts", evalArgs(out, "average"));
    if (first.code !== 0) return [{ ok: false, detail: `clean eval failed: ${first.stderr}` }];
    const span = first.ms * 1.1;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 20); i++) {
      const at = Math.round(ctx.random() * span);
      const fusion = FUSIONS[i % FUSIONS.length]!;
      const run = await deno("tasks/eval.ts", evalArgs(out, fusion), { killAfterMs: at });
      const state = list(out).length === 0 ? "absent (between the renames)" : reportProblem(out);
      const mixed = state !== undefined && !state.startsWith("absent") ? state : undefined;
      const failed = mixed ?? await recovers(out, ctx.tmp, "out");
      const how = run.signal ? `killed at ${at} ms` : `finished (exit ${run.code}) before ${at} ms`;
      outcomes.push({
        ok: failed === undefined,
        detail: `${how}: ${failed ?? state ?? "one whole run"}`,
      });
    }
    return outcomes;
  },
};

export const concurrentOut: Case = {
  name: "several evals on one --out at once",
  group: "report",
  async run(ctx: Context): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const wait of [false, true]) {
      const out = `${ctx.tmp}/out-${wait ? "wait" : "stop"}`;
      const extra = wait ? ["--wait", "300"] : [];
      const runs = await Promise.all(
        FUSIONS.map((f) => deno("tasks/eval.ts", evalArgs(out, f, extra))),
      );
      const codes = runs.map((r) => r.code);
      const refused = runs.filter((r) => r.code === 1 && r.stderr.includes("Cannot lock"));
      const bad = runs.filter((r) =>
        r.code !== 0 && !(r.code === 1 && r.stderr.includes("Cannot lock"))
      );
      const problem = reportProblem(out);
      const left = leftovers(ctx.tmp, out.slice(out.lastIndexOf("/") + 1));
      const ok = bad.length === 0 && problem === undefined && left.length === 0 &&
        codes.includes(0) && (!wait || refused.length === 0);
      outcomes.push({
        ok,
        detail: `${wait ? "--wait 300" : "no wait"}: exits ${codes.join(", ")}` +
          (refused.length ? ` (${refused.length} stopped by the lock)` : "") +
          (bad.length ? `; unexpected: ${bad.map((r) => r.stderr.trim()).join(" | ")}` : "") +
          (problem ? `; ${problem}` : "") + (left.length ? `; left ${left.join(", ")}` : ""),
      });
    }
    return outcomes;
  },
};

export const crashBetweenRenames: Case = {
  name: "crash between the two renames of the report swap (state rebuilt by hand)",
  group: "report",
  async run(ctx: Context): Promise<Outcome[]> {
    const out = `${ctx.tmp}/out`;
    const made = await deno("tasks/eval.ts", evalArgs(out, "average"));
    if (made.code !== 0) return [{ ok: false, detail: `clean eval failed: ${made.stderr}` }];
    // What a kill -9 between the renames leaves: no out/, the old run aside, the new one
    // staged, and the dead writer's lock.
    await Deno.rename(out, `${ctx.tmp}/.out.old-1-aaaa`);
    await Deno.mkdir(`${ctx.tmp}/.out.tmp-1-bbbb`);
    await Deno.writeTextFile(`${ctx.tmp}/.out.tmp-1-bbbb/table.md`, "half");
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    await Deno.writeTextFile(
      `${ctx.tmp}/.out.lock`,
      JSON.stringify({
        pid: dead.pid,
        host: (await import("node:os")).hostname(),
        started: "",
        owner: "crashed",
        processStart: "1",
        token: "x",
      }),
    );
    const failed = await recovers(out, ctx.tmp, "out");
    return [{
      ok: failed === undefined,
      detail: failed ?? "stale lock taken over, leftovers removed, one whole run",
    }];
  },
};

export const diskFullReport: Case = {
  name: "disk full while the report is written (tmpfs)",
  group: "report",
  async run(ctx: Context): Promise<Outcome[]> {
    const good = `${ctx.tmp}/good`;
    const made = await deno("tasks/eval.ts", evalArgs(good, "average"));
    if (made.code !== 0) return [{ ok: false, detail: `clean eval failed: ${made.stderr}` }];
    const size = list(good).reduce((n, f) => n + Deno.statSync(`${good}/${f}`).size, 0);
    const state = `${ctx.tmp}/after`;
    const evalCmd = [
      Deno.execPath(),
      "run",
      "-A",
      "tasks/eval.ts",
      ...evalArgs("$T/out", "insightface,average"),
    ]
      .join(" ");
    // Room for the previous report and a third of a new one.
    const run = await withTmpfs(
      `${ctx.tmp}/mnt`,
      Math.ceil((size * 1.33) / 1024) + 8,
      `cp -r ${good} $T/out && ${evalCmd} > ${ctx.tmp}/log 2>&1; echo $? > ${ctx.tmp}/rc; cp -a $T ${state}`,
    );
    if (run === undefined) {
      return [{ ok: true, skipped: true, detail: "skipped: cannot mount a tmpfs here" }];
    }
    const rc = Deno.readTextFileSync(`${ctx.tmp}/rc`).trim();
    const log = Deno.readTextFileSync(`${ctx.tmp}/log`).trim().split("\n").at(-1) ?? "";
    const problem = reportProblem(`${state}/out`);
    const same = problem === undefined &&
      Deno.readTextFileSync(`${state}/out/metrics.json`) ===
        Deno.readTextFileSync(`${good}/metrics.json`);
    const left = leftovers(state, "out");
    const named = /Cannot write the report file \S+|No space left on device/.test(log) &&
      log.includes("/");
    return [{
      ok: rc === "1" && same && left.length === 0 && named,
      detail: `exit ${rc}: ${log}; previous report ${same ? "intact" : `damaged: ${problem}`}` +
        (left.length ? `; left ${left.join(", ")}` : ""),
    }];
  },
};

export const REPORT_CASES = [crashBetweenRenames, concurrentOut, evalKilled, diskFullReport];
