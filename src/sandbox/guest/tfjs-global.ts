/**
 * Type of the `tf` global that the tfjs UMD bundles (core, cpu backend, layers) define in a
 * model isolate. Type-only: the guest programs never import tfjs, they find it on globalThis.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export type TfGlobal = typeof tfc & typeof tfl;
