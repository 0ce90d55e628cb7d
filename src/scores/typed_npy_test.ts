import assert from "node:assert/strict";
import { readTypedNpy, writeTypedNpy } from "./typed_npy.ts";

const fixture = (name: string) =>
  new URL(`../../fixtures/uncertainty/${name}`, import.meta.url).pathname;

Deno.test("writeTypedNpy() writes the bytes numpy's np.save writes", async (t) => {
  const dir = await Deno.makeTempDir();
  const cases = [
    ["npy_f4.npy", Float32Array.of(0.5, -1.25, 3), [3]],
    ["npy_i4.npy", Int32Array.of(0, 1, 2, 3, 4, 5), [3, 2]],
    ["npy_u1.npy", Uint8Array.of(1, 0, 1, 1), [4]],
  ] as const;
  for (const [name, values, shape] of cases) {
    await t.step(name, async () => {
      await writeTypedNpy(`${dir}/${name}`, values, [...shape]);
      assert.deepEqual(await Deno.readFile(`${dir}/${name}`), await Deno.readFile(fixture(name)));
      const back = await readTypedNpy(fixture(name));
      assert.deepEqual(back.shape, [...shape]);
      assert.deepEqual(back.values, values);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readTypedNpy() names the file when it cannot read it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/x.npy`, "not numpy");
  await assert.rejects(
    () => readTypedNpy(`${dir}/x.npy`),
    (e: Error) => e instanceof SyntaxError && /x\.npy/.test(e.message),
  );
  await Deno.remove(dir, { recursive: true });
});
