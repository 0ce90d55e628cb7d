/// <reference lib="deno.worker" />
/**
 * A worker for `_tiled_dots.ts`: receives the rows once, then scores chunks of pairs with
 * the kernel of `_dot_kernel.ts` and answers each with its scores (transferred).
 */
import { type PairDots, pairDots } from "./_dot_kernel.ts";

/** First message: the rows. Then chunks of pairs. */
export type _DotMessage =
  | { readonly kind: "rows"; readonly data: Float32Array; readonly dim: number }
  | {
    readonly kind: "pairs";
    readonly id: number;
    readonly left: Int32Array;
    readonly right: Int32Array;
  };

let dots: PairDots | undefined;

self.onmessage = (event: MessageEvent<_DotMessage>) => {
  const message = event.data;
  if (message.kind === "rows") {
    dots = pairDots(message);
    return;
  }
  const scores = new Float32Array(message.left.length);
  dots!(message.left, message.right, scores);
  self.postMessage({ id: message.id, scores }, [scores.buffer as ArrayBuffer]);
};
