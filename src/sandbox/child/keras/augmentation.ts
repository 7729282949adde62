/**
 * Keras' random augmentation layers. tfjs-layers 4.22 has none of them, so they are refused with
 * a message saying how to ask the training plan for the same effect (`fit.augment`, see
 * src/training/augment.ts). Not mapped silently: Keras' RandomCrop shrinks the image, the plan's
 * pad-and-crop keeps its size, so the candidate should choose the padding knowingly.
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

/** The refusal for an augmentation layer: what it was, and how to ask the training plan for it. */
export function augmentationRefusal(className: string, config: Json): string {
  const mode = config.mode ?? 'horizontal_and_vertical';
  const detail =
    className === 'RandomFlip'
      ? ` (mode ${show(mode)})`
      : className === 'RandomCrop'
        ? ` (${show(config.height)}×${show(config.width)})`
        : '';
  const head = `${className}${detail} is a random augmentation layer, which the trainer cannot run inside the model. `;
  const planHow =
    'the submission\'s "fit" settings take augment: { horizontalFlip: true, cropPadding: 4 }, applied to training batches only';
  if (className === 'RandomFlip')
    return (
      head +
      (mode === 'horizontal'
        ? 'Remove it and ask for augment: { horizontalFlip: true } in the submission\'s "fit" settings instead (training batches only).'
        : `Remove it; vertical flips are not offered, but ${planHow}.`)
    );
  if (className === 'RandomCrop')
    return (
      head +
      'Remove it and ask for augment: { cropPadding: N } in the submission\'s "fit" settings instead: it pads each side ' +
      'with N zero pixels and crops a window of the original size (the input shape stays the same; training batches only).'
    );
  return `${head}Remove it; ${className} is not offered, but ${planHow}.`;
}
