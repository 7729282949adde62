import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

type Catalogue = { [key: string]: string | Catalogue };
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Catalogue;
/** The candidates' catalogue plus each staff area's, under its area's key, as i18n/index.ts loads them. */
const load = (locale: string): Catalogue => ({
  ...read(`web/src/i18n/${locale}.json`),
  ...Object.fromEntries(
    ['manager', 'mentor', 'admin'].map((area) => [area, read(`web/src/i18n/${area}/${locale}.json`)]),
  ),
});

function flatten(c: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

describe('web message catalogues', () => {
  const en = flatten(load('en'));
  const zh = flatten(load('zh-CN'));

  it('en and zh-CN have exactly the same keys', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('no message is empty', () => {
    const empty = [...en, ...zh].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('a message uses the same {{placeholders}} in both languages', () => {
    const names = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const differ = [...en].filter(([k, v]) => JSON.stringify(names(v)) !== JSON.stringify(names(zh.get(k) ?? '')));
    expect(differ.map(([k]) => k)).toEqual([]);
  });
});
