import { describe, expect, it } from 'vitest';
import { diffJson } from '../../src/admin/audit/diff.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/admin/auth/password.js';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a per-user salt, and verifies', async () => {
    const [a, b] = [await hashPassword('kata sandi yang panjang'), await hashPassword('kata sandi yang panjang')];
    expect(a).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('kata sandi');
    expect(await verifyPassword('kata sandi yang panjang', a)).toBe(true);
    expect(await verifyPassword('kata sandi yang panjanG', a)).toBe(false);
  });

  it('refuses malformed or tampered hashes instead of throwing or allocating without bound', async () => {
    const good = await hashPassword('rahasia-rahasia');
    expect(await verifyPassword('rahasia-rahasia', good.replace('N=32768', 'N=1073741824'))).toBe(false);
    expect(await verifyPassword('rahasia-rahasia', good.replace('N=32768', 'N=1000'))).toBe(false);
    expect(await verifyPassword('rahasia-rahasia', 'bcrypt$xyz')).toBe(false);
    expect(await verifyPassword('rahasia-rahasia', '')).toBe(false);
  });

  it('explains a password that is too short, too long or padded with spaces', () => {
    expect(passwordProblem('pendek')).toMatch(/minimal 10/);
    expect(passwordProblem('x'.repeat(201))).toMatch(/maksimal 200/);
    expect(passwordProblem(' kata sandi panjang')).toMatch(/spasi/);
    expect(passwordProblem('kata sandi yang cukup')).toBeUndefined();
  });
});

describe('audit before/after diff', () => {
  it('lists changed, added and removed leaves by path', () => {
    const before = { email: 'a@x.id', role: 'editor', disabled: false, sources: [{ title: 'PP 94/2021' }] };
    const after = { email: 'a@x.id', role: 'admin', disabled: true, sources: [{ title: 'PP 94/2021' }, { title: 'UU 20/2023' }], note: 'baru' };
    expect(diffJson(before, after)).toEqual([
      { path: 'role', kind: 'changed', before: 'editor', after: 'admin' },
      { path: 'disabled', kind: 'changed', before: 'false', after: 'true' },
      { path: 'sources[1].title', kind: 'added', after: 'UU 20/2023' },
      { path: 'note', kind: 'added', after: 'baru' },
    ]);
  });

  it('shows a creation as additions and a deletion as removals, and nothing for no change', () => {
    expect(diffJson(null, { name: 'Ani' })).toEqual([{ path: 'name', kind: 'added', after: 'Ani' }]);
    expect(diffJson({ name: 'Ani' }, null)).toEqual([{ path: 'name', kind: 'removed', before: 'Ani' }]);
    expect(diffJson({ a: 1 }, { a: 1 })).toEqual([]);
    expect(diffJson(null, null)).toEqual([]);
  });
});
