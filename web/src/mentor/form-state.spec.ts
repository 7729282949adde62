import { describe, expect, it } from '@jest/globals';
import { blankForm, toInput, toPatch } from './form-state';

/** The editor's Python and hint fields as the API takes them (createExercise, updateExercise). */
describe('mentor form state: Python version and hints', () => {
  it('sends no Python fields until one is filled, then all three (the server names the empty one)', () => {
    const f = blankForm();
    expect(toInput(f)).not.toHaveProperty('pythonEntry');
    const input = toInput({ ...f, pythonEntry: ' relu ', pythonStarter: 'def relu(xs):\n    return xs\n' });
    expect(input).toMatchObject({
      pythonEntry: 'relu',
      pythonStarter: 'def relu(xs):\n    return xs\n',
      pythonReference: '',
    });
    // A MODEL exercise never sends them.
    expect(toInput({ ...f, type: 'MODEL', pythonEntry: 'relu' })).not.toHaveProperty('pythonEntry');
  });

  it('sends hints in order with both languages, and a reorder is a patch of hints alone', () => {
    const a = { en: 'First', zh: '第一' };
    const b = { en: 'Second', zh: '第二' };
    const before = { ...blankForm(), slug: 'x', hints: [a, b] };
    expect(toInput(before).hints).toEqual([
      { en: 'First', zhCN: '第一' },
      { en: 'Second', zhCN: '第二' },
    ]);
    expect(toPatch(before, { ...before, hints: [b, a] })).toEqual({
      hints: [
        { en: 'Second', zhCN: '第二' },
        { en: 'First', zhCN: '第一' },
      ],
    });
    expect(toPatch(before, { ...before, hints: [] })).toEqual({ hints: [] });
    expect(toPatch(before, { ...before })).toEqual({});
  });
});
