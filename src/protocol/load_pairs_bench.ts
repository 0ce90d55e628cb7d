import { loadPairs } from "./load_pairs.ts";

const LINES = 8_010_270;

/** Writes an IJB-B-sized pair list (8,010,270 lines, 10,270 genuine) of random template ids. */
async function makePairsFile(path: string): Promise<void> {
  const bytes = new Uint8Array(LINES * 16);
  let pos = 0;
  let state = 12345;
  const put = (value: number) => {
    const s = String(value);
    for (let k = 0; k < s.length; k++) bytes[pos++] = s.charCodeAt(k);
  };
  for (let i = 0; i < LINES; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    put(1 + (state % 190_000));
    bytes[pos++] = 32;
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    put(1 + (state % 190_000));
    bytes[pos++] = 32;
    bytes[pos++] = i < 10_270 ? 49 : 48;
    bytes[pos++] = 10;
  }
  await Deno.writeFile(path, bytes.subarray(0, pos));
}

const dir = await Deno.makeTempDir({ prefix: "load_pairs_bench" });
const path = `${dir}/ijbb_template_pair_label.txt`;
await makePairsFile(path);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.bench({
  group: "load",
  name: "loadPairs() 8,010,270 lines (IJB-B size)",
  baseline: true,
  n: 10,
  fn: async () => {
    const pairs = await loadPairs(path);
    if (pairs.labels.length !== LINES) throw new Error("Wrong pair count");
  },
});
