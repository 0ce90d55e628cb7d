/**
 * Checkpoint weights as the converters see them: a lookup by state-dict key (`model.*`,
 * `aggregator.*`) returning float32 values in row-major order.
 *
 * `shape`, when given, is the shape the caller expects; a lookup may check it, and the
 * converters check the value count themselves. A lookup throws for a key it does not hold.
 */
export type Weights = (key: string, shape?: readonly number[]) => Float32Array;
