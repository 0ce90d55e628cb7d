/** Progress callback: units done out of total. */
export type OnProgress = (done: number, total: number) => void;

/** One stage's progress: `stage` names it, `done` of `total` units. */
export type StageProgress = (stage: string, done: number, total: number) => void;
