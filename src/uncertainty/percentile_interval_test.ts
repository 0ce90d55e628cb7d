import assert from "node:assert/strict";
import { percentileInterval } from "./percentile_interval.ts";

Deno.test("percentileInterval() matches numpy.percentile and skips NaN", () => {
  // np.percentile(np.arange(1, 11), [2.5, 97.5]) == [1.225, 9.775]
  const values = [5, 3, 1, 2, 4, 10, 9, 8, 7, 6];
  const [lo, hi] = percentileInterval(values);
  assert.ok(Math.abs(lo - 1.225) < 1e-12 && Math.abs(hi - 9.775) < 1e-12);
  assert.deepEqual(percentileInterval([NaN, ...values]), percentileInterval(values));
  assert.deepEqual(percentileInterval([NaN, NaN]), [NaN, NaN]);
  assert.throws(() => percentileInterval([1], 1), RangeError);
});
