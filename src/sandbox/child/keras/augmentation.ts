/**
 * Keras' random augmentation layers. tfjs-layers 4.22 has none of them, and the training plan
 * has no augmentation step yet, so they are refused with a message saying what to do instead.
 * This is the one place that decides it: when the fit plan gains augmentation, map
 * RandomFlip/RandomCrop here onto it (and drop the layer from the topology) instead of refusing.
 */
import { show, type Json } from './refusals.js';

export const AUGMENTATION_LAYERS = [
  'RandomFlip',
  'RandomCrop',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
] as const;

export function isAugmentationLayer(className: string): boolean {
  return (AUGMENTATION_LAYERS as readonly string[]).includes(className);
}

/** The refusal for an augmentation layer: what it was, and how to get the same effect. */
export function augmentationRefusal(className: string, config: Json): string {
  const detail =
    className === 'RandomFlip'
      ? ` (mode ${show(config.mode ?? 'horizontal_and_vertical')})`
      : className === 'RandomCrop'
        ? ` (${show(config.height)}×${show(config.width)})`
        : '';
  return (
    `${className}${detail} is a random augmentation layer, which the trainer cannot run inside the model. ` +
    'Remove it from the model: data augmentation will be asked for in the training plan ' +
    '(the submission\'s "fit" settings), not as a layer; until that is available, train without it.'
  );
}
