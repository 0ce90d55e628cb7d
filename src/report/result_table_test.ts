import assert from "node:assert/strict";
import type { FusionResult } from "../metrics/mod.ts";
import { resultTable } from "./result_table.ts";

const VER = {
  pairs: 2_000_004,
  genuine: 4,
  impostor: 2_000_000,
  auc: 0.9,
  tar_at_far: {
    "1e-6": 0.123456,
    "1e-5": 0.5,
    "1e-4": 0.99996,
    "1e-3": 0.001,
    "1e-2": 0.25,
    "1e-1": 0,
  },
};
const ID = {
  probes: 3,
  rank: { "1": 0.9, "5": 0.95, "10": 0.97 },
  tpir_at_fpir: { "1e-2": 0.8, "1e-1": 0.85 },
};

Deno.test("resultTable() writes an aligned markdown table with – for missing tasks", () => {
  const results: FusionResult[] = [
    { fusion: "average", chunk: null, verification: VER },
    { fusion: "caface", chunk: 8, identification: ID },
  ];
  const expected = [
    "| Method       | TAR@FAR=1e-6 | TAR@FAR=1e-5 | TAR@FAR=1e-4 | TAR@FAR=1e-3 | TAR@FAR=1e-2 | TAR@FAR=1e-1 | Rank-1 | Rank-5 | Rank-10 | TPIR@FPIR=1e-2 | TPIR@FPIR=1e-1 |",
    "|:-------------|-------------:|-------------:|-------------:|-------------:|-------------:|-------------:|-------:|-------:|--------:|---------------:|---------------:|",
    "| Average      |        12.35 |        50.00 |       100.00 |         0.10 |        25.00 |         0.00 |      – |      – |       – |              – |              – |",
    "| CAFace (N=8) |            – |            – |            – |            – |            – |            – |  90.00 |  95.00 |   97.00 |          80.00 |          85.00 |",
    "",
  ].join("\n");
  assert.equal(resultTable(results), expected);
  assert.equal(resultTable(results, { format: "markdown" }), expected);
});

Deno.test("resultTable() writes CSV with empty cells, chunk suffixes and quoting", () => {
  const results: FusionResult[] = [
    { fusion: "caface", chunk: 9999, verification: VER },
    {
      fusion: "insightface",
      chunk: null,
      identification: { ...ID, rank: { "1": 0.12345, "5": 0.00005 } },
    },
    { fusion: "CAFace", chunk: 256 },
    { fusion: "median, trimmed", chunk: 4 },
  ];
  const expected = [
    "Method,TAR@FAR=1e-6,TAR@FAR=1e-5,TAR@FAR=1e-4,TAR@FAR=1e-3,TAR@FAR=1e-2,TAR@FAR=1e-1,Rank-1,Rank-5,Rank-10,TPIR@FPIR=1e-2,TPIR@FPIR=1e-1",
    "CAFace,12.35,50.00,100.00,0.10,25.00,0.00,,,,,",
    "InsightFace,,,,,,,12.35,0.01,,80.00,85.00",
    "CAFace (N=256),,,,,,,,,,,",
    '"median, trimmed (N=4)",,,,,,,,,,,',
    "",
  ].join("\n");
  assert.equal(resultTable(results, { format: "csv" }), expected);
});

Deno.test("resultTable() drops task columns no result has with omitEmptyTasks", () => {
  const results: FusionResult[] = [{ fusion: "average", chunk: null, verification: VER }];
  assert.equal(
    resultTable(results, { format: "csv", omitEmptyTasks: true }),
    "Method,TAR@FAR=1e-6,TAR@FAR=1e-5,TAR@FAR=1e-4,TAR@FAR=1e-3,TAR@FAR=1e-2,TAR@FAR=1e-1\n" +
      "Average,12.35,50.00,100.00,0.10,25.00,0.00\n",
  );
});

Deno.test("resultTable() prints the header alone for no results", () => {
  assert.equal(resultTable([], { format: "csv" }).split("\n").length, 2);
  assert.equal(resultTable([]).split("\n").length, 3);
});

Deno.test("resultTable() rejects an unknown format", () => {
  assert.throws(
    // @ts-expect-error: an invalid format on purpose
    () => resultTable([], { format: "html" }),
    new RangeError(
      'Cannot write a result table as "html": expected one of "markdown", "csv", "latex"',
    ),
  );
});

Deno.test("resultTable() marks a TAR at a FAR below 1/impostors and explains the mark", async (t) => {
  // 80 impostors: FARs 1e-6 … 1e-2 lie below 1/80 = 0.0125, only 1e-1 is resolved.
  const few = { ...VER, pairs: 95, genuine: 15, impostor: 80 };
  const results: FusionResult[] = [
    { fusion: "insightface", chunk: null, verification: few },
    { fusion: "average", chunk: null, verification: { ...few, tar_at_far: { "1e-1": 1 } } },
  ];
  const note =
    "† FAR below 1/impostors: with 80 impostor pairs no FAR under 1.25e-2 can be resolved; the TAR shown is that of the nearest ROC point";
  await t.step("markdown", () => {
    assert.equal(
      resultTable(results, { omitEmptyTasks: true }),
      [
        "| Method      | TAR@FAR=1e-6 | TAR@FAR=1e-5 | TAR@FAR=1e-4 | TAR@FAR=1e-3 | TAR@FAR=1e-2 | TAR@FAR=1e-1 |",
        "|:------------|-------------:|-------------:|-------------:|-------------:|-------------:|-------------:|",
        "| InsightFace |       12.35† |       50.00† |      100.00† |        0.10† |       25.00† |         0.00 |",
        "| Average     |            – |            – |            – |            – |            – |       100.00 |",
        "",
        note,
        "",
      ].join("\n"),
    );
  });
  await t.step("CSV keeps plain numbers", () => {
    assert.equal(
      resultTable(results, { format: "csv", omitEmptyTasks: true }).split("\n")[1],
      "InsightFace,12.35,50.00,100.00,0.10,25.00,0.00",
    );
  });
  await t.step("LaTeX, booktabs", () => {
    assert.equal(
      resultTable(results, { format: "latex", omitEmptyTasks: true }),
      [
        "\\begin{tabular}{lrrrrrr}",
        "\\toprule",
        "Method & TAR@FAR=1e-6 & TAR@FAR=1e-5 & TAR@FAR=1e-4 & TAR@FAR=1e-3 & TAR@FAR=1e-2 & TAR@FAR=1e-1 \\\\",
        "\\midrule",
        "InsightFace & 12.35$^\\dagger$ & 50.00$^\\dagger$ & 100.00$^\\dagger$ & 0.10$^\\dagger$ & 25.00$^\\dagger$ & 0.00 \\\\",
        "Average & -- & -- & -- & -- & -- & 100.00 \\\\",
        "\\bottomrule",
        "\\end{tabular}",
        "",
        `{\\footnotesize ${note.replace("†", "$^\\dagger$")}}`,
        "",
      ].join("\n"),
    );
  });
  await t.step("no mark and no note when every FAR is resolved", () => {
    const many = { ...VER, impostor: 1_000_000 };
    const text = resultTable([{ fusion: "average", chunk: null, verification: many }]);
    assert.ok(!text.includes("†"));
    assert.equal(text.split("\n").length, 4);
  });
});

Deno.test("resultTable() names the open-set rules in the TPIR headers", () => {
  const csv = resultTable([{
    fusion: "average",
    chunk: null,
    identification: {
      probes: 2,
      rank: { "1": 1, "5": 1, "10": 1 },
      open_set_rule: "insightface-1n",
      tpir_at_fpir: { "1e-2": 0.5, "1e-1": 0.75 },
      tpir_at_fpir_by_rule: {
        "insightface-1n": { "1e-2": 0.5, "1e-1": 0.75 },
        "ijb-evals": { "1e-2": 0.25, "1e-1": 0.125 },
      },
    },
  }], { format: "csv", omitEmptyTasks: true });
  assert.equal(
    csv,
    "Method,Rank-1,Rank-5,Rank-10,TPIR@FPIR=1e-2 (insightface-1n),TPIR@FPIR=1e-1 (insightface-1n)," +
      "TPIR@FPIR=1e-2 (ijb-evals),TPIR@FPIR=1e-1 (ijb-evals)\n" +
      "Average,100.00,100.00,100.00,50.00,75.00,25.00,12.50\n",
  );
});
