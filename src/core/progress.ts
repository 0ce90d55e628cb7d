/** Progress callback: units done out of total. */
export type OnProgress = (done: number, total: number) => void;

/**
 * One stage's progress: `stage` names it, `done` of `total` units; `unit` names the units
 * when they are not obvious (`"frames"` while fusing: image rows, whatever the template).
 */
export type StageProgress = (stage: string, done: number, total: number, unit?: string) => void;
