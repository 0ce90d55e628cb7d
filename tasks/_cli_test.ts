import assert from "node:assert/strict";
import { dataWarnings, uniqueSuffix } from "./_cli.ts";

Deno.test("dataWarnings() reports non-finite rows and all-zero templates per run", () => {
  assert.deepEqual(
    dataWarnings({
      dropped_non_finite_rows: { average: 2, insightface: 0 },
      empty_templates: { average: 1 },
    }),
    [
      "warning: average: dropped 2 non-finite image rows (NaN or Inf) before fusion",
      "warning: average: 1 templates have all-zero features (every image non-finite or zero); they score 0",
    ],
  );
  assert.deepEqual(dataWarnings({}), []);
});

Deno.test("uniqueSuffix() differs between calls", () => {
  assert.notEqual(uniqueSuffix(), uniqueSuffix());
  assert.match(uniqueSuffix(), new RegExp(`^${Deno.pid}[0-9a-f]{6}$`));
});
