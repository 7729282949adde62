export * from './model-validation.js';
export * from './prepare-submission.js';
