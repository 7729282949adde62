export * from './model-validation.js';
