/**
 * Finds CAFace hyper-parameters in a checkpoint's `hyper_parameters`, at the top level or in
 * a nested record (Lightning stores them as given, possibly inside a custom object such as
 * `hparams`), and checks the architecture names the converter understands.
 */

/** The hyper-parameters recorded in `meta.json`, as found. */
export const _RECORDED_FIELDS = [
  "arch",
  "decoder_name",
  "aggregator_name",
  "style_index",
  "use_memory",
  "intermediate_type",
] as const;

/** The only architecture the CAFace graph builders reproduce (docs/caface-onnx.md#the-released-checkpoint). */
export const _KNOWN_ARCHITECTURE = {
  decoder_name: "catv9_g4_conf512_small",
  aggregator_name: "style_norm_srm",
} as const;

/** One hyper-parameter: its dotted path from `hyper_parameters` and its value. */
export interface _Found {
  readonly path: string;
  readonly value: unknown;
}

/**
 * Looks `field` up breadth-first: the top level first, then nested records (at most 3
 * levels down). `undefined` when absent or when there are no hyper-parameters.
 */
export function _findHyperParameter(
  hp: Readonly<Record<string, unknown>> | undefined,
  field: string,
): _Found | undefined {
  let level: [string, Readonly<Record<string, unknown>>][] = hp ? [["hyper_parameters", hp]] : [];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: [string, Readonly<Record<string, unknown>>][] = [];
    for (const [path, record] of level) {
      if (Object.hasOwn(record, field)) return { path: `${path}.${field}`, value: record[field] };
      for (const [key, value] of Object.entries(record)) {
        if (_isRecord(value)) next.push([`${path}.${key}`, value]);
      }
    }
    level = next;
  }
  return undefined;
}

/** The {@linkcode _RECORDED_FIELDS} that are present, by field name. */
export function _recordedHyperParameters(
  hp: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of _RECORDED_FIELDS) {
    const found = _findHyperParameter(hp, field);
    if (found !== undefined) out[field] = found.value;
  }
  return out;
}

/**
 * Throws a RangeError naming the field and value when `decoder_name` or `aggregator_name`
 * is present and not the known architecture; absent fields pass (the keys are the truth).
 * Hyper-parameters that hold none of {@linkcode _RECORDED_FIELDS} anywhere are a RangeError
 * naming the fields expected and found, so they are never lost without a word.
 */
export function _checkArchitecture(
  hp: Readonly<Record<string, unknown>> | undefined,
  source: string,
): void {
  if (hp !== undefined && Object.keys(_recordedHyperParameters(hp)).length === 0) {
    const fields = Object.keys(hp).slice(0, 8).join(", ") || "none";
    throw new RangeError(
      `Cannot convert ${source} as its hyper_parameters hold none of ` +
        `${_RECORDED_FIELDS.join(", ")} (at the top level or nested; found: ${fields}): ` +
        `they would be lost`,
    );
  }
  for (const [field, expected] of Object.entries(_KNOWN_ARCHITECTURE)) {
    const found = _findHyperParameter(hp, field);
    if (found === undefined || found.value === expected) continue;
    throw new RangeError(
      `Cannot convert ${source} as ${found.path} is ${
        JSON.stringify(found.value) ?? String(found.value)
      }: only "${expected}" is supported`,
    );
  }
}

function _isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype;
}
