/**
 * Whether a MODEL task fits the data set it names: the shape the trainer will feed is the data
 * set's, so a task that promises another shape builds, validates, and then breaks in training.
 * Checked when a draft is saved and again when its validation run starts (drafts saved before
 * this check existed), so the mistake is the mentor's, named, never "failed on our side".
 */
export interface TaskShape {
  inputShape: number[];
  numClasses: number;
  vocabSize?: number | null;
  seqLen?: number | null;
}

export function taskFitProblem(
  dataset: string | null | undefined,
  task: TaskShape,
): { field: string; message: string } | null {
  const shape = `[${task.inputShape.join(', ')}]`;
  if (dataset === 'cifar10') {
    if (task.inputShape.join(',') !== '32,32,3')
      return { field: 'task.inputShape', message: `task.inputShape: CIFAR-10 images are [32, 32, 3], not ${shape}` };
    if (task.numClasses !== 10)
      return { field: 'task.numClasses', message: `task.numClasses: CIFAR-10 has 10 classes, not ${task.numClasses}` };
  }
  if (dataset === 'imdb') {
    const seqLen = task.seqLen ?? task.inputShape[0];
    if (task.inputShape.length !== 1 || task.inputShape[0] !== seqLen)
      return {
        field: 'task.inputShape',
        message: `task.inputShape: IMDb reviews are sequences of seqLen word ids, so [${seqLen}], not ${shape}`,
      };
    if (task.numClasses !== 2)
      return { field: 'task.numClasses', message: `task.numClasses: IMDb has 2 classes, not ${task.numClasses}` };
  }
  return null;
}

/** What each data set feeds, for the authoring page's hints (the checks above are the rule). */
export const DATASET_TASKS: { name: string; inputShape: string; numClasses: number }[] = [
  { name: 'cifar10', inputShape: '[32, 32, 3]', numClasses: 10 },
  { name: 'imdb', inputShape: '[seqLen]', numClasses: 2 },
];
