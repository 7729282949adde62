/** The plan's `fit.augment`, checked against the task (see model-validation.ts). */
import type { ModelTask } from '../../sandbox/sandbox.types.js';
import { MAX_CROP_PADDING, type ImageAugmentation } from '../../training/augment.js';
import { isObject, refuse, show, type Refusal } from './refusal.js';

const shape = (dims: readonly (number | null)[]): string =>
  `[${dims.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;

/**
 * `fit.augment: { horizontalFlip?, cropPadding? }`: image tasks only; the padding must leave
 * most of the image inside the crop window.
 */
export function checkAugment(
  raw: unknown,
  task: ModelTask,
  refusals: Refusal[],
): ImageAugmentation | undefined | false {
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (!isObject(raw)) {
    refuse(
      refusals,
      'fit.augment',
      `${show(raw)} must be an object { horizontalFlip?: boolean, cropPadding?: number }`,
    );
    return false;
  }
  if (task.inputShape.length !== 3) {
    refuse(
      refusals,
      'fit.augment',
      `only image tasks can be augmented; this task's input is ${shape(task.inputShape)}`,
    );
    return false;
  }
  if (task.output === 'reconstruction') {
    refuse(
      refusals,
      'fit.augment',
      'a reconstruction task learns to reproduce its inputs, so they are not augmented; remove augment',
    );
    return false;
  }
  const maxPad = Math.min(MAX_CROP_PADDING, Math.floor((Math.min(task.inputShape[0], task.inputShape[1]) - 1) / 2));
  const aug: ImageAugmentation = { horizontalFlip: false, cropPadding: 0 };
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const path = `fit.augment.${key}`;
    if (key === 'horizontalFlip') {
      if (typeof value !== 'boolean') {
        refuse(refusals, path, `${show(value)} must be true or false`);
        ok = false;
      } else aug.horizontalFlip = value;
    } else if (key === 'cropPadding') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maxPad) {
        refuse(refusals, path, `${show(value)} must be a whole number of pixels from 0 to ${maxPad}`);
        ok = false;
      } else aug.cropPadding = value;
    } else {
      refuse(refusals, path, `"${key}" is not supported; augment takes horizontalFlip and cropPadding`);
      ok = false;
    }
  }
  return ok ? aug : false;
}
